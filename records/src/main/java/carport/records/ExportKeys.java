package carport.records;

import carport.core.InvalidDataException;
import carport.core.crypto.VerifyingKey;
import carport.core.identity.DidDocument;
import carport.core.plc.KeyHistory;
import carport.core.plc.PlcAuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The signing keys an export folder's identity files give, best first, as {@code carport check} picks them:
 * for did:plc the {@code #atproto} key in force at the commit's rev time according to the validated
 * {@code _plc_audit.json}, then the key of {@code _did.json} (the only one for did:web).
 *
 * <p>As {@code carport check} (export's ExportChecker) does, through core's {@link KeyHistory}; this class only
 * reads the export's files, since this module does not depend on the export module.
 */
final class ExportKeys {
    private static final long MAX_FILE = 64L << 20;

    private ExportKeys() {}

    static List<VerifyingKey> keys(Path dir, String did, String rev, Consumer<String> problem) throws IOException {
        List<VerifyingKey> keys = new ArrayList<>();
        if (did.startsWith("did:plc:")) {
            Path logFile = dir.resolve(ExportFiles.PLC_AUDIT);
            if (!Files.exists(logFile)) {
                problem.accept("no " + ExportFiles.PLC_AUDIT + " (required for did:plc)");
                return keys;
            }
            try {
                PlcAuditLog log = PlcAuditLog.parse(read(logFile));
                if (!log.did().toString().equals(did)) {
                    problem.accept(ExportFiles.PLC_AUDIT + " is about " + log.did() + ", not " + did);
                    return keys;
                }
                log.validate();
                new KeyHistory(log).keyAtRev(rev).ifPresent(k -> keys.add(k.key()));
            } catch (InvalidDataException e) {
                problem.accept(ExportFiles.PLC_AUDIT + ": " + e.getMessage());
                return keys;
            }
        }
        Path docFile = dir.resolve(ExportFiles.DID_DOC);
        if (!Files.exists(docFile)) {
            if (keys.isEmpty()) {
                problem.accept("no " + ExportFiles.DID_DOC);
            }
            return keys;
        }
        try {
            DidDocument doc = DidDocument.parse(read(docFile));
            if (!doc.id().toString().equals(did)) {
                problem.accept(ExportFiles.DID_DOC + " is about " + doc.id() + ", not " + did);
                return keys;
            }
            doc.atprotoKey().filter(k -> !keys.contains(k)).ifPresent(keys::add);
        } catch (InvalidDataException e) {
            problem.accept(ExportFiles.DID_DOC + ": " + e.getMessage());
        }
        return keys;
    }

    private static byte[] read(Path f) throws IOException {
        if (Files.size(f) > MAX_FILE) {
            throw new InvalidDataException(f.getFileName() + " is larger than 64 MiB");
        }
        return Files.readAllBytes(f);
    }
}
