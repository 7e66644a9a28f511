/**
 * HTTP for the rest of {@code carport.net}: {@link carport.net.http.HttpTransport} (requests
 * with retries, jittered backoff, 429 waits, idle timeouts, redirects checked hop by hop, bodies
 * bounded by a {@link carport.net.http.SizeLimit}, downloads streamed to a temporary file and
 * renamed into place only when complete), configured by an immutable
 * {@link carport.net.http.HttpConfig}. Proxies come from {@code HTTPS_PROXY}/{@code HTTP_PROXY}/
 * {@code NO_PROXY} through {@link carport.net.http.EnvProxySelector}, with Basic proxy
 * credentials that never appear in messages. Notices (retries, waits) go to a
 * {@link carport.net.http.NetListener}, download progress to a
 * {@link carport.net.http.ProgressListener}.
 *
 * <p>The failures of the transport itself live here: {@link carport.net.http.ConnectionException}
 * (and {@link carport.net.http.ProxyAuthenticationException}), {@link carport.net.http.TlsException},
 * {@link carport.net.http.DnsException}, {@link carport.net.http.RemoteTimeoutException},
 * {@link carport.net.http.RateLimitedException}, {@link carport.net.http.BadResponseException}
 * (and {@link carport.net.http.BodyTooLargeException}). This package knows no XRPC method and no
 * identity rule: callers turn error statuses into their own exceptions through
 * {@link carport.net.http.HttpTransport.ErrorMapper}.
 */
package carport.net.http;
