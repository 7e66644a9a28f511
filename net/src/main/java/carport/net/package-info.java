/**
 * carport's network layer: the HTTP transport shared by identity resolution and the sync client
 * (retries, rate-limit waits, idle timeouts, streamed downloads with atomic rename) and the
 * {@link carport.net.RemoteException} hierarchy every network failure is reported through. It does
 * not parse or verify repository data; that is {@code carport.core}'s job.
 */
package carport.net;
