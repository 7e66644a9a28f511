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
        // The manifest is kept as one string of relative paths plus offsets and sizes, not as a million Path
        // objects: the list must fit beside the loop in the same small heap carport runs with (-Xmx256m).
        StringBuilder names = new StringBuilder();
        int[] ends = new int[1024];
        int[] sizes = new int[1024];
        int n = 0;
        Map<Integer, byte[]> bySize = new HashMap<>();
        long bytes = 0;
        try (BufferedReader r = Files.newBufferedReader(Paths.get(args[0]), StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty()) {
                    continue;
                }
                int tab = line.lastIndexOf('\t');
                int size = Integer.parseInt(line.substring(tab + 1));
                if (n == ends.length) {
                    ends = Arrays.copyOf(ends, n * 2);
                    sizes = Arrays.copyOf(sizes, n * 2);
                }
                names.append(line, 0, tab);
                ends[n] = names.length();
                sizes[n++] = size;
                // same-size files share one array: the content does not matter to the file system
                bySize.computeIfAbsent(size, FilesWriteBaseline::jsonLike);
                bytes += size;
            }
        }
        String all = names.toString();
        names = null;
        Set<Path> made = new HashSet<>();
        long t0 = System.nanoTime();
        for (int i = 0, start = 0; i < n; start = ends[i++]) {
            Path p = out.resolve(all.substring(start, ends[i]));
            Path dir = p.getParent();
            if (dir != null && made.add(dir)) {
                Files.createDirectories(dir);
            }
            Files.write(p, bySize.get(sizes[i]));
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "{\"files\":%d,\"bytes\":%d,\"seconds\":%.4f,\"filesPerSec\":%.0f,\"java\":\"%s\"}%n",
                n, bytes, s, n / s, System.getProperty("java.version"));
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
