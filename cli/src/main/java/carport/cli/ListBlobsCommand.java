package carport.cli;

import carport.net.identity.ResolvedIdentity;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carport list-blobs}: the CIDs of an account's blobs, all pages of com.atproto.sync.listBlobs. */
@Command(name = "list-blobs", mixinStandardHelpOptions = true,
        description = "Lists the CID of every blob of an account, one per line, as its PDS reports them.")
final class ListBlobsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NetOptions net;

    @Parameters(index = "0", paramLabel = "IDENT", description = "a handle or a DID")
    String ident;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ResolvedIdentity id = Idents.account(net.resolver(err), ident);
        net.sync(err).forEachBlob(id.requirePds(), id.did(), Optional.empty(), cid -> out.println(cid));
        out.flush();
        return ExitCode.OK;
    }
}
