package carport.core.car;

import carport.core.InvalidDataException;
import carport.core.cid.Cid;
import carport.core.mst.MstVisitor;
import carport.core.mst.MstWalker;
import carport.core.repo.RepoInspector;
import carport.core.repo.RepoReader;
import carport.core.repo.RepoVerifier;
import carport.core.mst.MstException;
import carport.core.mst.MstNode;
import carport.core.repo.VerifyReport;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz targets for the CAR reader, MST decoding and walking, and the repository checks. An ordinary test run replays
 * the committed inputs under {@code src/test/resources/carport/core/car/CarFuzzTestInputs/<method>/};
 * {@code JAZZER_FUZZ=1} fuzzes. Only {@link InvalidDataException} may escape; hangs and OOMs are
 * failures.
 */
class CarFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void readCarWalkTreeAndVerify(byte[] data) {
        CarFile car;
        try {
            car = CarFile.fromBytes(data);
        } catch (InvalidDataException e) {
            assertOneLine(e.getMessage());
            return;
        }
        car.verifyAll(2);
        for (int i = 0; i < car.sectionCount(); i++) {
            try {
                car.block(i);
            } catch (CarFormatException e) {
                // a section that does not match its CID
            }
        }
        if (car.roots().isEmpty()) {
            return;
        }
        // the first root as an MST (as in the MST suite CARs), collecting problems instead of throwing
        MstWalker.walk(car, car.roots().get(0), new MstVisitor() {
            @Override
            public void leaf(byte[] key, Cid value) {}

            @Override
            public void missingNode(Cid cid) {}

            @Override
            public void problem(String message) {}
        }, MstWalker.Options.STRUCTURE);
        RepoReader reader;
        try {
            reader = RepoReader.of(car);
        } catch (InvalidDataException e) {
            return;
        }
        RepoInspector.inspect(reader);
        VerifyReport report = RepoVerifier.verify(reader, RepoVerifier.Options.defaults().withThreads(1));
        report.problems().forEach(CarFuzzTest::assertOneLine);
        report.notes().forEach(CarFuzzTest::assertOneLine);
        try {
            reader.forEachRecord(r -> reader.recordBlock(r.cid()), c -> {});
        } catch (InvalidDataException e) {
            // strict walk over a broken tree
        }
    }

    /**
     * Every input is decoded as an MST node: only {@link MstException} may escape, and a node that
     * decodes must re-encode to the same bytes (the decoder accepts only the canonical form).
     */
    @FuzzTest(maxDuration = "5m")
    void decodeMstNode(byte[] data) {
        MstNode n;
        try {
            n = MstNode.decode(data);
        } catch (MstException e) {
            assertOneLine(e.getMessage());
            return;
        }
        List<carport.core.mst.TestTrees.Entry> es = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            byte[] k = n.key(i);
            int p = n.prefixLength(i);
            es.add(new carport.core.mst.TestTrees.Entry(p, java.util.Arrays.copyOfRange(k, p, k.length), n.value(i),
                    n.right(i)));
        }
        if (!java.util.Arrays.equals(carport.core.mst.TestTrees.encodeRaw(n.left(), es), data)) {
            throw new AssertionError("decoded node does not re-encode to its bytes");
        }
    }

    /**
     * The MST walk over arbitrary node blocks. Real CIDs cannot be forged, so links resolve by their
     * first digest byte to one of the fuzzed blocks (or to nothing): this reaches shapes no hash-checked
     * CAR can, such as cycles, and the walk must still end with problems, not hang or crash.
     */
    @FuzzTest(maxDuration = "5m")
    void walkArbitraryNodes(FuzzedDataProvider d) {
        int n = d.consumeInt(1, 8);
        byte[][] blocks = new byte[n][];
        for (int i = 0; i < n - 1; i++) {
            blocks[i] = d.consumeBytes(d.consumeInt(0, 600));
        }
        blocks[n - 1] = d.consumeRemainingAsBytes();
        Cid root = Cid.of(Cid.DAG_CBOR, blocks[0]);
        BlockSource source = cid -> {
            if (cid.equals(root)) {
                return blocks[0];
            }
            int i = (cid.digest()[0] & 0xff) % (n + 1);
            return i == n ? null : blocks[i];
        };
        for (MstWalker.Options o : List.of(MstWalker.Options.STRUCTURE, MstWalker.Options.LENIENT)) {
            MstWalker.walk(source, root, new MstVisitor() {
                @Override
                public void leaf(byte[] key, Cid value) {}

                @Override
                public void missingNode(Cid cid) {}

                @Override
                public void problem(String message) {
                    assertOneLine(message);
                }
            }, o);
            try {
                MstWalker.walk(source, root, (k, v) -> {}, o);
            } catch (MstException e) {
                assertOneLine(e.getMessage());
            }
        }
    }

    private static void assertOneLine(String message) {
        if (message == null || message.isEmpty() || message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new AssertionError("not a one-line message: " + message);
        }
    }
}
