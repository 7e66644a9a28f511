package carport.export;

import java.util.Locale;

/** How a run brought the export up to date. */
public enum Sync {
    /** The whole repository was downloaded. */
    FULL,
    /** Only the changes since the last run were downloaded and merged. */
    INCREMENTAL,
    /** The PDS reported the same commit as last time; nothing was downloaded. */
    UNCHANGED;

    /** The name in the JSON files: "full", "incremental", "unchanged". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Sync fromWireName(String s) {
        for (Sync v : values()) {
            if (v.wireName().equals(s)) {
                return v;
            }
        }
        throw new carport.core.InvalidDataException("unknown sync kind \"" + s + "\"");
    }
}
