/**
 * atproto identifier syntax as immutable value types (DID, handle, NSID, record key, TID, AT URI,
 * datetime, language, repo path) that validate once on construction, so code holding one never
 * re-checks it. Only syntax is checked here: nothing resolves, and nothing touches the network.
 */
package carport.core.syntax;
