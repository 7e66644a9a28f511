package carport.net.testserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A throw-away certificate authority made in memory at test time (BouncyCastle's ASN.1 classes
 * build the certificates, the JDK signs them): a CA, a server certificate it signed for the given
 * DNS names, and a self-signed certificate for the same names that nobody trusts. Nothing is
 * written to disk or committed, and the system trust store is not touched; clients trust the CA
 * only through {@link #clientContext()}.
 */
public final class TestPki {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final AlgorithmIdentifier ECDSA_SHA256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SSLContext server;
    private final SSLContext untrustedServer;
    private final SSLContext client;

    private TestPki(SSLContext server, SSLContext untrustedServer, SSLContext client) {
        this.server = server;
        this.untrustedServer = untrustedServer;
        this.client = client;
    }

    /** @param dnsNames names for the server certificate's subjectAltName, e.g. {@code *.handles.test} */
    public static TestPki create(String... dnsNames) throws IOException, GeneralSecurityException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ca = kpg.generateKeyPair();
        KeyPair srv = kpg.generateKeyPair();
        KeyPair bad = kpg.generateKeyPair();
        String caName = "CN=carport test CA";
        String srvName = "CN=" + dnsNames[0].replace("*", "star");

        X509Certificate caCert = certificate(caName, caName, ca.getPublic(), ca.getPrivate(), true, null);
        X509Certificate srvCert = certificate(srvName, caName, srv.getPublic(), ca.getPrivate(), false, dnsNames);
        X509Certificate badCert = certificate(srvName, srvName, bad.getPublic(), bad.getPrivate(), false, dnsNames);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", caCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return new TestPki(serverContext(srv.getPrivate(), srvCert, caCert),
                serverContext(bad.getPrivate(), badCert), client);
    }

    private static X509Certificate certificate(String subject, String issuer, PublicKey key, PrivateKey signer,
            boolean ca, String[] dnsNames) throws IOException, GeneralSecurityException {
        long now = System.currentTimeMillis();
        V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
        g.setSerialNumber(new ASN1Integer(new BigInteger(64, RANDOM).add(BigInteger.ONE)));
        g.setIssuer(new X500Name(issuer));
        g.setSubject(new X500Name(subject));
        g.setStartDate(new Time(new Date(now - 3_600_000L)));
        g.setEndDate(new Time(new Date(now + 2 * 86_400_000L)));
        g.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
        g.setSignature(ECDSA_SHA256);
        ExtensionsGenerator ext = new ExtensionsGenerator();
        ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            ext.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            GeneralName[] names = new GeneralName[dnsNames.length];
            for (int i = 0; i < dnsNames.length; i++) {
                names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
            }
            ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        g.setExtensions(ext.generate());
        TBSCertificate tbs = g.generateTBSCertificate();

        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(signer);
        s.update(tbs.getEncoded(ASN1Encoding.DER));
        ASN1EncodableVector cert = new ASN1EncodableVector();
        cert.add(tbs);
        cert.add(ECDSA_SHA256);
        cert.add(new DERBitString(s.sign()));
        byte[] der = new DERSequence(cert).getEncoded(ASN1Encoding.DER);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    private static SSLContext serverContext(PrivateKey key, Certificate... chain)
            throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key, PASSWORD, chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), null, null);
        return c;
    }

    /** Server context with the CA-signed certificate. */
    public SSLContext serverContext() {
        return server;
    }

    /** Server context with a self-signed certificate for the same names, which the client does not trust. */
    public SSLContext untrustedServerContext() {
        return untrustedServer;
    }

    /** Client context that trusts the test CA and nothing else. */
    public SSLContext clientContext() {
        return client;
    }
}
