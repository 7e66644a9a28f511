/**
 * The atproto flavour of DAG-CBOR: a strict decoder, a canonical encoder and a pull reader/writer for
 * fast paths that should not build maps. It knows CIDs (tag 42) but not records, lexicons or CAR files;
 * the JSON form of the same data model lives in {@code carport.core.json}.
 */
package carport.core.cbor;
