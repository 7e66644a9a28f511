/**
 * An authenticated client for a PDS's account endpoints ({@code com.atproto.server.*},
 * {@code com.atproto.repo.importRepo}/{@code uploadBlob}/{@code listMissingBlobs},
 * {@code com.atproto.identity.*} PLC calls, {@code app.bsky.actor.*Preferences}): what moving an
 * account between PDSes needs. {@link carport.net.pds.PdsClient} makes the anonymous calls and
 * logs in; {@link carport.net.pds.PdsSession} makes the calls of a logged-in account and renews
 * its token. Requests that carry a password or token follow no redirect; secrets never appear in
 * messages or {@code toString}. Refusals become {@link carport.net.pds.PdsException}s whose
 * {@link carport.net.pds.PdsException.Kind} says what the user can do.
 */
package carport.net.pds;
