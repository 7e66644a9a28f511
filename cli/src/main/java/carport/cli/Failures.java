package carport.cli;

/** Classifies failures that come from the network layer (exit code 3, or 2 where the fix is in the command). */
final class Failures {
    private Failures() {}

    static boolean isRemote(Throwable t) {
        return t instanceof carport.net.RemoteException && !isUsage(t);
    }

    /** A server's refusal whose fix is in the command line: an app password where the main one is needed, a wrong password. */
    static boolean isUsage(Throwable t) {
        return t instanceof carport.net.pds.PdsException p && p.isUsage();
    }
}
