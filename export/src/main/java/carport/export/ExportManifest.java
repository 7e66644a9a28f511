package carport.export;

import carport.core.InvalidDataException;
import carport.export.unpack.RecordFileNames;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The content of {@code _export.json}: what the export holds and whether all of it was verified.
 * Written last by every run, so that it only ever describes files that are all in place.
 *
 * @param handle the handle the DID document claims and that resolves back to the DID, or null
 * @param records number of record files
 * @param blobs number of blob files
 * @param verified true only if every check passed and nothing failed
 * @param recordFileNames the file naming mode the record files were written with
 */
public record ExportManifest(String did, String handle, String pds, String rev, String commit, long records,
        long blobs, boolean verified, Sync sync, Instant started, Instant finished, String carportVersion,
        List<Failure> failures, RecordFileNames recordFileNames) {
    /** Version of this layout; bumped on incompatible changes. */
    public static final int FORMAT = 1;

    public ExportManifest {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(pds, "pds");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(carportVersion, "carportVersion");
        Objects.requireNonNull(recordFileNames, "recordFileNames");
        failures = List.copyOf(failures);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", (long) FORMAT);
        m.put("did", did);
        m.put("handle", handle);
        m.put("pds", pds);
        m.put("rev", rev);
        m.put("commit", commit);
        m.put("records", records);
        m.put("blobs", blobs);
        m.put("verified", verified);
        m.put("sync", sync.wireName());
        m.put("started", started.toString());
        m.put("finished", finished.toString());
        m.put("carport", carportVersion);
        List<Object> f = new ArrayList<>();
        for (Failure x : failures) {
            f.add(x.toMap());
        }
        m.put("failures", f);
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("caseInsensitive", recordFileNames.caseInsensitive());
        names.put("windows", recordFileNames.windows());
        m.put("recordFileNames", names);
        return m;
    }

    /** Pretty JSON, as written to {@code _export.json}. */
    public byte[] toJson() {
        return Json.pretty(toMap());
    }

    /** One line of JSON, for {@code --json}. */
    public String toJsonLine() {
        return Json.line(toMap());
    }

    public static ExportManifest parse(byte[] json) {
        Map<?, ?> m = Json.object(json, "_export.json");
        try {
            long format = Json.number(m, "format");
            if (format != FORMAT) {
                throw new InvalidDataException("_export.json has format " + format + "; this carport reads format "
                        + FORMAT);
            }
            List<Failure> failures = new ArrayList<>();
            for (Object o : Json.list(m, "failures")) {
                if (!(o instanceof Map)) {
                    throw new InvalidDataException("a failure is not an object");
                }
                failures.add(Failure.fromMap((Map<?, ?>) o));
            }
            Object n = m.get("recordFileNames");
            if (!(n instanceof Map)) {
                throw new InvalidDataException("field \"recordFileNames\" is missing");
            }
            RecordFileNames names = RecordFileNames.of(Json.bool((Map<?, ?>) n, "caseInsensitive"),
                    Json.bool((Map<?, ?>) n, "windows"));
            return new ExportManifest(Json.string(m, "did"), Json.optString(m, "handle"), Json.string(m, "pds"),
                    Json.optString(m, "rev"), Json.string(m, "commit"), Json.number(m, "records"),
                    Json.number(m, "blobs"), Json.bool(m, "verified"), Sync.fromWireName(Json.string(m, "sync")),
                    Instant.parse(Json.string(m, "started")), Instant.parse(Json.string(m, "finished")),
                    Json.string(m, "carport"), failures, names);
        } catch (InvalidDataException | DateTimeParseException e) {
            throw new InvalidDataException("_export.json is not a valid manifest: " + e.getMessage());
        }
    }
}
