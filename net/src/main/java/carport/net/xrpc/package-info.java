/**
 * The XRPC sync client: downloads an account's repository CAR and blobs from its PDS, lists blobs,
 * and reads the latest commit and repo status, with retries and clear errors. It does not parse or
 * verify what it downloads (see {@code carport.core.car} and {@code carport.core.repo}) and does
 * not find the PDS (see {@code carport.net.identity}).
 */
package carport.net.xrpc;
