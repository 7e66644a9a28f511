package carport.core.car;

import carport.core.InvalidDataException;
import carport.core.cid.Cid;
import carport.core.mst.MstVisitor;
import carport.core.mst.MstWalker;
import carport.core.repo.RepoInspector;
import carport.core.repo.RepoReader;
import carport.core.repo.RepoVerifier;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the CAR reader, the MST walk and the repository checks. An ordinary test run replays
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
        RepoVerifier.verify(reader, RepoVerifier.Options.defaults().withThreads(1));
        try {
            reader.forEachRecord(r -> reader.recordBlock(r.cid()), c -> {});
        } catch (InvalidDataException e) {
            // strict walk over a broken tree
        }
    }
}
