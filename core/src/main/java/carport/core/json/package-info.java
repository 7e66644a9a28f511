/**
 * atproto data-model JSON ({@code $link}, {@code $bytes}, blobs) to and from the value model of
 * {@code carport.core.cbor}, and straight from DAG-CBOR bytes to JSON. Not a general JSON library and
 * not a lexicon validator: it checks only the rules of the data model itself.
 */
package carport.core.json;
