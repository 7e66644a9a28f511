package carport.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What every command about one account shares: the IDENT argument and the network options. */
abstract class AccountCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NetOptions net;

    @Parameters(index = "0", paramLabel = "IDENT", description = "a handle (alice.bsky.social) or a DID")
    String ident;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
