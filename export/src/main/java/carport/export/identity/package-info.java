/**
 * Where an export's identity comes from: the account's DID, DID document, PDS and did:plc audit log,
 * behind {@link carport.export.identity.AccountResolver} so that tests and the command line can choose
 * the directory. Not a general identity library: that belongs in {@code carport.net}.
 */
package carport.export.identity;
