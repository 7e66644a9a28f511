/**
 * The records tables (docs/records.md) in an embedded DuckDB: {@link carport.sql.RecordsDb} loads them (records
 * through a temporary load file, the rest with DuckDB's appender), runs queries ({@link carport.sql.QueryOutput} prints results) and writes Parquet with
 * {@code COPY}. DuckDB is set up never to install or load extensions, so it cannot reach the network.
 */
package carport.sql;
