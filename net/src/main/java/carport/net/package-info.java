/**
 * carport's network layer. This package holds only the two exceptions every part of it shares:
 * {@link carport.net.RemoteException}, the root of every network failure (the command line maps
 * each subclass to exit code 3), and {@link carport.net.XrpcException}, an endpoint that answered
 * with an error status. Everything else is in a subpackage, and each failure sits next to the layer
 * that throws it:
 * <ul>
 *   <li>{@code carport.net.http}: the HTTP transport (retries, rate-limit waits, idle timeouts,
 *       size limits, streamed downloads with atomic rename), its configuration, proxies from the
 *       environment, and the transport's failures (connection, TLS, DNS, timeout, rate limit, bad
 *       or oversized answers);</li>
 *   <li>{@code carport.net.identity}: handle and DID resolution and its failures;</li>
 *   <li>{@code carport.net.xrpc}: the sync client and the repository states it reports (not
 *       found, taken down, suspended, deactivated, blob not found);</li>
 *   <li>{@code carport.net.pds}: a PDS's account endpoints; {@code carport.net.plc}: the PLC
 *       directory.</li>
 * </ul>
 * Dependencies point one way: this package imports none of its subpackages, {@code http} imports
 * only this package, and the others build on {@code http}. Nothing here parses or verifies
 * repository data; that is {@code carport.core}'s job.
 */
package carport.net;
