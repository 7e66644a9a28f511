package carport.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The options of one read, parsed and checked once on the driver; the executors get this copy.
 *
 * @param paths files and folders as Hadoop paths ({@code s3a://...}, {@code hdfs://...}, {@code /local})
 * @param table which table
 * @param verify verify every CAR fully before handing out its rows (default true)
 * @param signature {@code EXPORT}: export folders are checked with their own identity files, bare CARs fail;
 *     {@code NONE}: blocks, MST and records are checked, no signature
 * @param mode what a bad input does: PERMISSIVE (no records, a repos row saying why), DROPMALFORMED (no
 *     rows at all), FAILFAST (the job fails)
 * @param fullVerify with a collection filter, still verify the whole tree
 * @param maxPartitionBytes small inputs are grouped into one partition up to this many bytes
 * @param openCostInBytes what opening one input is taken to cost, in bytes, when grouping
 * @param hadoop options starting with {@code fs.} (e.g. {@code fs.s3a.endpoint}), set on the Hadoop
 *     configuration the paths are opened with
 */
record SourceOptions(List<String> paths, TableKind table, boolean verify, SignatureMode signature, Mode mode,
        boolean fullVerify, long maxPartitionBytes, long openCostInBytes, Map<String, String> hadoop)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    static final long DEFAULT_MAX_PARTITION_BYTES = 128L << 20;
    static final long DEFAULT_OPEN_COST = 4L << 20;

    enum Mode {
        PERMISSIVE, DROPMALFORMED, FAILFAST
    }

    enum SignatureMode {
        EXPORT, NONE
    }

    SourceOptions {
        paths = List.copyOf(paths);
        hadoop = Map.copyOf(hadoop);
        if (maxPartitionBytes < 1 || openCostInBytes < 0) {
            throw new IllegalArgumentException("maxPartitionBytes must be positive and openCostInBytes not negative");
        }
    }

    /** Parses the options Spark hands a source (keys case-insensitive); throws with a one-line message. */
    static SourceOptions parse(CaseInsensitiveStringMap o) {
        java.util.LinkedHashSet<String> paths = new java.util.LinkedHashSet<>(); // load(p) sets both path and paths
        if (o.containsKey("path")) {
            paths.add(o.get("path"));
        }
        if (o.containsKey("paths")) {
            paths.addAll(jsonStrings("paths", o.get("paths")));
        }
        TableKind table = TableKind.named(o.getOrDefault("table", "records"));
        boolean verify = bool(o, "verify", true);
        SignatureMode sig = switch (o.getOrDefault("signature", "export").toLowerCase(Locale.ROOT)) {
            case "export" -> SignatureMode.EXPORT;
            case "none" -> SignatureMode.NONE;
            default -> throw new IllegalArgumentException(
                    "option signature: \"" + o.get("signature") + "\" is not one of export, none");
        };
        Mode mode;
        try {
            mode = Mode.valueOf(o.getOrDefault("mode", "PERMISSIVE").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "option mode: \"" + o.get("mode") + "\" is not one of PERMISSIVE, DROPMALFORMED, FAILFAST");
        }
        boolean full = bool(o, "fullVerify", false);
        long max = bytes(o, "maxPartitionBytes", sqlConfBytes("spark.sql.files.maxPartitionBytes",
                DEFAULT_MAX_PARTITION_BYTES));
        long open = bytes(o, "openCostInBytes", sqlConfBytes("spark.sql.files.openCostInBytes", DEFAULT_OPEN_COST));
        Map<String, String> hadoop = new HashMap<>();
        for (Map.Entry<String, String> e : o.asCaseSensitiveMap().entrySet()) {
            if (e.getKey().startsWith("fs.")) {
                hadoop.put(e.getKey(), e.getValue());
            }
        }
        return new SourceOptions(List.copyOf(paths), table, verify, sig, mode, full, max, open, hadoop);
    }

    /** These options with the ones given to one read laid over them. */
    SourceOptions overriddenBy(CaseInsensitiveStringMap scan) {
        if (scan.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new HashMap<>(asMap());
        merged.putAll(scan.asCaseSensitiveMap());
        return parse(new CaseInsensitiveStringMap(merged));
    }

    /** Paths that must be there: a table with none is an error at the first read. */
    List<String> requirePaths() {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("the atproto source needs a path: load(\"s3a://bucket/cars/\"), "
                    + "or OPTIONS (path '...') in SQL");
        }
        return paths;
    }

    private Map<String, String> asMap() {
        Map<String, String> m = new HashMap<>(hadoop);
        try {
            m.put("paths", new ObjectMapper().writeValueAsString(paths));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        m.put("table", table.optionValue());
        m.put("verify", Boolean.toString(verify));
        m.put("signature", signature.name().toLowerCase(Locale.ROOT));
        m.put("mode", mode.name());
        m.put("fullVerify", Boolean.toString(fullVerify));
        m.put("maxPartitionBytes", Long.toString(maxPartitionBytes));
        m.put("openCostInBytes", Long.toString(openCostInBytes));
        return m;
    }

    private static List<String> jsonStrings(String key, String json) {
        try {
            String[] a = new ObjectMapper().readValue(json, String[].class);
            return List.of(a);
        } catch (JsonProcessingException | NullPointerException e) {
            throw new IllegalArgumentException("option " + key + ": not a JSON array of strings: " + json);
        }
    }

    private static boolean bool(CaseInsensitiveStringMap o, String key, boolean dflt) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("option " + key + ": \"" + v + "\" is not true or false");
        };
    }

    private static long bytes(CaseInsensitiveStringMap o, String key, long dflt) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return parseBytes(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + ": \"" + v + "\" is not a size (e.g. 134217728, 128m)");
        }
    }

    /** A byte count as Spark writes them: a number, optionally with k, m, g (powers of 1024), or b. */
    static long parseBytes(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        long mult = 1;
        if (!s.isEmpty()) {
            char last = s.charAt(s.length() - 1);
            mult = switch (last) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                case 't' -> 1L << 40;
                default -> 1;
            };
            if (mult != 1) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return Math.multiplyExact(Long.parseLong(s.trim()), mult);
    }

    private static long sqlConfBytes(String key, long dflt) {
        scala.Option<org.apache.spark.sql.SparkSession> session = org.apache.spark.sql.SparkSession.getActiveSession();
        if (session.isDefined()) {
            scala.Option<String> v = session.get().conf().getOption(key);
            if (v.isDefined()) {
                return parseBytes(v.get());
            }
        }
        return dflt;
    }
}
