package carport.records;

/**
 * The file names of an export folder that the tables read (the layout is docs/export-format.md; the export
 * module writes them). Kept here so that this module needs only core.
 */
public final class ExportFiles {
    public static final String MANIFEST = "_export.json";
    public static final String REPO = "_repo.car";
    public static final String DID_DOC = "_did.json";
    public static final String PLC_AUDIT = "_plc_audit.json";
    public static final String BLOBS = "_blobs.jsonl";

    private ExportFiles() {}
}
