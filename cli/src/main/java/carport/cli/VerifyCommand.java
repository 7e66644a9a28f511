package carport.cli;

import carport.core.InvalidDataException;
import carport.core.crypto.VerifyingKey;
import carport.core.identity.DidDocument;
import carport.core.repo.RepoReader;
import carport.core.repo.RepoSummary;
import carport.core.repo.RepoVerifier;
import carport.core.repo.VerifyReport;
import carport.core.syntax.Did;
import carport.net.identity.ResolvedIdentity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carport verify}: every check on a repository CAR, offline. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Checks a repository CAR completely, signature included.",
            "",
            "Checks every block against its CID, the MST structure, every",
            "record block present and strict DAG-CBOR, the commit signature, and the commit's DID.",
            "Give exactly one of --key, --did-doc, --resolve or --no-signature.",
            "Output (stdout): one line 'FAIL <what>' per failed check, 'note: <what>' for things not",
            "checked or merely unusual, then 'OK: ...' (exit 0) or 'FAILED: ...' (exit 1). A partial CAR",
            "fails: each missing block is a failed check."})
final class VerifyCommand implements Callable<Integer> {
    /** DID documents are a few kB; anything far larger is not one. */
    private static final long MAX_DID_DOC_BYTES = 1 << 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.car", description = "the repository CAR file")
    Path file;

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeySource keySource;

    static final class KeySource {
        @Option(names = "--key", paramLabel = "DIDKEY", required = true,
                description = "the account's signing key as did:key:z...")
        String key;

        @Option(names = "--did-doc", paramLabel = "FILE", required = true,
                description = "a DID document (JSON) whose #atproto key checks the signature; the commit's DID must"
                        + " be the document's id")
        Path didDoc;

        @Option(names = "--resolve", required = true,
                description = "resolve the commit's DID (PLC directory or did:web) and use its DID document's #atproto key")
        boolean resolve;

        @Option(names = "--no-signature", required = true, description = "check everything except the signature")
        boolean noSignature;
    }

    @Mixin
    NetOptions net;

    @Option(names = "--did", paramLabel = "DID", description = "the DID the commit must name")
    String did;

    /** The key the signature is checked with, where it came from, and the DID the commit must name. */
    private static final class KeyChoice {
        VerifyingKey key; // null: --no-signature
        String source;
        Did expectedDid;
        final List<String> problems = new ArrayList<>();
    }

    @Override
    public Integer call() throws IOException {
        CarInput.check(file);
        if (did != null && !Did.isValid(did)) {
            throw new UsageException("--did " + Text.safe(did) + " is not a valid DID");
        }
        Did wanted = did == null ? null : Did.parse(did);
        KeyChoice choice = offlineKey(wanted);
        VerifyReport report;
        try (RepoReader reader = CarInput.open(file)) {
            if (keySource.resolve) {
                resolveKey(reader.commit().did(), wanted, choice);
            }
            report = RepoVerifier.verify(reader, RepoVerifier.Options.defaults().withKey(choice.key)
                    .withExpectedDid(choice.expectedDid));
        }
        return print(spec.commandLine().getOut(), report, choice);
    }

    /** The key from --key or --did-doc (none yet for --resolve or --no-signature). */
    private KeyChoice offlineKey(Did wanted) throws IOException {
        KeyChoice choice = new KeyChoice();
        choice.expectedDid = wanted;
        if (keySource.key != null) {
            try {
                choice.key = VerifyingKey.fromDidKey(keySource.key);
            } catch (InvalidDataException e) {
                throw new UsageException("--key: " + e.getMessage());
            }
            choice.source = "--key";
        } else if (keySource.didDoc != null) {
            DidDocument doc = readDidDocument(keySource.didDoc);
            choice.key = doc.atprotoKey().orElseThrow(() -> new InvalidDataException(
                    "the DID document " + keySource.didDoc + " (" + doc.id() + ") has no #atproto key"));
            if (wanted != null && !wanted.equals(doc.id())) {
                choice.problems.add("the DID document is for " + doc.id() + ", not --did " + did);
            }
            choice.expectedDid = doc.id();
            choice.source = "the #atproto key of " + keySource.didDoc;
        }
        return choice;
    }

    /** --resolve: the current key of the DID the commit names. */
    private void resolveKey(Did commitDid, Did wanted, KeyChoice choice) {
        ResolvedIdentity id = net.resolver(spec.commandLine().getErr()).resolveDid(commitDid, false);
        choice.key = id.requireSigningKey();
        if (wanted != null && !wanted.equals(commitDid)) {
            choice.problems.add("the commit is by " + commitDid + ", not --did " + did);
        }
        choice.expectedDid = commitDid;
        choice.source = "the DID document of " + commitDid;
    }

    /** The FAIL and note lines, then the OK or FAILED summary; returns the exit code. */
    private static int print(PrintWriter out, VerifyReport report, KeyChoice choice) {
        for (String p : choice.problems) {
            out.append("FAIL ").append(p).append('\n');
        }
        for (String p : report.problems()) {
            out.append("FAIL ").append(p).append('\n');
        }
        for (String n : report.notes()) {
            if (choice.key == null && n.startsWith("signature not checked")) {
                continue;
            }
            out.append("note: ").append(n).append('\n');
        }
        RepoSummary s = report.summary();
        long failed = report.problemCount() + choice.problems.size();
        String what = s.did().toString() + (s.rev() != null ? " rev " + Text.safe(s.rev()) : " (version " + s.version()
                + ")") + ": " + s.blocks() + " blocks, " + s.mstNodes() + " MST nodes, " + s.records() + " records";
        String sig = signatureText(report, choice);
        if (failed == 0) {
            out.append("OK: ").append(what).append("; ").append(sig).append('\n');
            out.flush();
            return ExitCode.OK;
        }
        out.append("FAILED: ").append(Long.toString(failed))
                .append(failed == 1 ? " check failed; " : " checks failed; ")
                .append(what).append("; ").append(sig).append('\n');
        out.flush();
        return ExitCode.INVALID;
    }

    private static String signatureText(VerifyReport report, KeyChoice choice) {
        if (choice.key == null) {
            return "signature NOT checked (--no-signature)";
        }
        boolean valid = report.signature() != null && report.signature().isValid();
        return "signature " + (valid ? "valid" : "INVALID") + " (" + choice.key.toDidKey() + ", from " + choice.source
                + ")";
    }

    static DidDocument readDidDocument(Path p) throws IOException {
        if (!Files.exists(p)) {
            throw new UsageException("--did-doc: no such file: " + p);
        }
        if (!Files.isRegularFile(p)) {
            throw new UsageException("--did-doc: " + p + " is not a regular file");
        }
        if (Files.size(p) > MAX_DID_DOC_BYTES) {
            throw new InvalidDataException("--did-doc: " + p + " is larger than 1 MiB; not a DID document");
        }
        return DidDocument.parse(Files.readAllBytes(p));
    }
}
