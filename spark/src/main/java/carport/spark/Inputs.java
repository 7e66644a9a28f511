package carport.spark;

import carport.records.ExportFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Finds the inputs the paths name, on any Hadoop file system: a file is a CAR; a folder holding
 * {@code _export.json} is an export folder; any other folder is searched recursively (in name order,
 * skipping names that start with {@code .} or {@code _}, not descending into export folders) for
 * {@code *.car} files and export folders, as {@code carport records} searches. Paths may be globs.
 */
final class Inputs {
    private Inputs() {}

    static List<InputFile> list(Configuration conf, List<String> paths) throws IOException {
        Map<String, InputFile> out = new LinkedHashMap<>();
        for (String p : paths) {
            Path hp = new Path(p);
            FileSystem fs = hp.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(hp);
            if (matches == null || matches.length == 0) {
                throw new FileNotFoundException("no such file or folder: " + p);
            }
            Arrays.sort(matches, Comparator.comparing(s -> s.getPath().toString()));
            for (FileStatus st : matches) {
                add(fs, st, true, out);
            }
        }
        return new ArrayList<>(out.values());
    }

    private static void add(FileSystem fs, FileStatus st, boolean given, Map<String, InputFile> out)
            throws IOException {
        Path path = fs.makeQualified(st.getPath());
        String name = path.getName();
        if (!st.isDirectory()) {
            if (given || name.endsWith(".car")) {
                out.putIfAbsent(path.toString(), new InputFile(path.toString(), st.getLen(), false));
            }
            return;
        }
        if (fs.exists(new Path(path, ExportFiles.MANIFEST))) {
            Path car = new Path(path, ExportFiles.REPO);
            long len = fs.exists(car) ? fs.getFileStatus(car).getLen() : 0;
            out.putIfAbsent(path.toString(), new InputFile(path.toString(), len, true));
            return;
        }
        FileStatus[] children = fs.listStatus(path);
        Arrays.sort(children, Comparator.comparing(s -> s.getPath().getName()));
        for (FileStatus c : children) {
            String n = c.getPath().getName();
            if (!n.startsWith(".") && !n.startsWith("_")) {
                add(fs, c, false, out);
            }
        }
    }
}
