package carport.export.store;

import carport.core.InvalidDataException;
import carport.core.json.AtJson;
import carport.export.unpack.RecordFileNames;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The commit point of an update. Once everything an update needs is staged on local disk (the new
 * repository, verified; the new blobs; every small file), the journal is written; from then on the
 * update is only local renames and deletions, which the next run replays from the journal if this
 * one is killed. Replaying is idempotent, so a crash during a replay is harmless too.
 *
 * @param from the commit the export held before (its {@code _repo.car}), or null if it held none
 * @param to the commit being installed
 * @param phase how far the replay got
 */
public record Journal(String from, String to, boolean keepDeleted, RecordFileNames names, Phase phase) {
    public enum Phase {
        /** Record files and blobs are being brought in line with {@code to}. */
        RECORDS,
        /** Records and blobs are done; the staged files are being renamed into place. */
        FILES
    }

    public Journal {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(phase, "phase");
    }

    public Journal withPhase(Phase p) {
        return new Journal(from, to, keepDeleted, names, p);
    }

    public byte[] toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from);
        m.put("to", to);
        m.put("keepDeleted", keepDeleted);
        m.put("caseInsensitiveNames", names.caseInsensitive());
        m.put("windowsNames", names.windows());
        m.put("phase", phase.name());
        return (AtJson.toJson(m, true) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public static Journal parse(byte[] json) {
        try {
            Object v = AtJson.fromJson(json);
            if (!(v instanceof Map)) {
                throw new InvalidDataException("not an object");
            }
            Map<?, ?> m = (Map<?, ?>) v;
            Object from = m.get("from");
            return new Journal(from instanceof String ? (String) from : null, (String) m.get("to"),
                    (Boolean) m.get("keepDeleted"),
                    RecordFileNames.of((Boolean) m.get("caseInsensitiveNames"), (Boolean) m.get("windowsNames")),
                    Phase.valueOf((String) m.get("phase")));
        } catch (RuntimeException e) {
            throw new InvalidDataException("the update journal is damaged: " + e.getMessage());
        }
    }
}
