package carport.cli;

/** Classifies failures that come from the network layer (exit code 3). */
final class Failures {
    private Failures() {}

    static boolean isRemote(Throwable t) {
        return t instanceof carport.net.RemoteException;
    }
}
