import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The floor that {@code carport unpack-records} is measured against: a plain loop that creates the same files
 * (same relative paths, same sizes) with one {@code Files.write} each, no temp file, no rename, no fsync.
 *
 * <p>usage: {@code java FilesWriteBaseline MANIFEST OUTDIR}, where MANIFEST has one {@code relative/path<TAB>size}
 * line per file. Everything is read and every byte array allocated before the clock starts, so the timed part is
 * directory creation plus file creation only. Prints one JSON line.
 */
public final class FilesWriteBaseline {
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java FilesWriteBaseline MANIFEST OUTDIR");
            System.exit(2);
        }
        Path out = Paths.get(args[1]);
        List<Path> paths = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        Map<Integer, byte[]> bySize = new HashMap<>();
        long bytes = 0;
        try (BufferedReader r = Files.newBufferedReader(Paths.get(args[0]), StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty()) {
                    continue;
                }
                int tab = line.lastIndexOf('\t');
                int size = Integer.parseInt(line.substring(tab + 1));
                paths.add(out.resolve(line.substring(0, tab)));
                // same-size files share one array: the content does not matter to the file system
                contents.add(bySize.computeIfAbsent(size, FilesWriteBaseline::jsonLike));
                bytes += size;
            }
        }
        Set<Path> made = new HashSet<>();
        long t0 = System.nanoTime();
        for (int i = 0, n = paths.size(); i < n; i++) {
            Path p = paths.get(i);
            Path dir = p.getParent();
            if (dir != null && made.add(dir)) {
                Files.createDirectories(dir);
            }
            Files.write(p, contents.get(i));
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "{\"files\":%d,\"bytes\":%d,\"seconds\":%.4f,\"filesPerSec\":%.0f,\"java\":\"%s\"}%n",
                paths.size(), bytes, s, paths.size() / s, System.getProperty("java.version"));
    }

    private static byte[] jsonLike(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'x');
        if (size >= 2) {
            b[0] = '{';
            b[size - 1] = '}';
        }
        return b;
    }
}
