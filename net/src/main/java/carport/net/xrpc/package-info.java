/**
 * The XRPC sync client: downloads an account's repository CAR and blobs from its PDS, lists blobs,
 * and reads the latest commit and repo status, with retries and clear errors. It does not parse or
 * verify what it downloads (see {@code carport.core.car} and {@code carport.core.repo}) and does
 * not find the PDS (see {@code carport.net.identity}).
 *
 * <p>The states of an account the sync endpoints report are exceptions of this package, all
 * {@link carport.net.XrpcException}s: {@link carport.net.xrpc.RepoNotFoundException},
 * {@link carport.net.xrpc.RepoUnavailableException} (with {@link carport.net.xrpc.RepoTakendownException},
 * {@link carport.net.xrpc.RepoSuspendedException} and {@link carport.net.xrpc.RepoDeactivatedException})
 * and {@link carport.net.xrpc.BlobNotFoundException}.
 */
package carport.net.xrpc;
