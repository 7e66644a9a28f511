/**
 * Real local servers for the network tests: HTTP(S) on 127.0.0.1, a raw socket server for
 * misbehaviour, a UDP DNS server, a CONNECT proxy and an in-memory test CA.
 *
 * <p>Test-only overrides, all through ordinary options: handle and did:web names such as
 * {@code alice.handles.test} reach the local HTTPS server through {@link
 * carport.net.testserver.ConnectProxy}, set as the resolver's proxy the way {@code HTTPS_PROXY}
 * would be ({@code EnvProxySelector}); the client trusts {@link carport.net.testserver.TestPki}'s
 * CA through {@code HttpConfig.sslContext}; TXT lookups go to {@link
 * carport.net.testserver.TestDnsServer} through {@code ResolverOptions.dnsServer}. Production code
 * has no host-to-address override. The integration tests against the test bed instead use its
 * dnsmasq, its test CA, and the hosts file that {@code scripts/test} passes as
 * {@code -Djdk.net.hosts.file}, with an HTTPS server on 127.0.0.1:443.
 */
package carport.net.testserver;
