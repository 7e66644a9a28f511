package carport.cli;

import carport.net.identity.ResolvedIdentity;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code carport list-blobs}: the CIDs of an account's blobs, all pages of com.atproto.sync.listBlobs. */
@Command(name = "list-blobs", mixinStandardHelpOptions = true,
        description = {
            "Lists the CID of every blob of an account, one per line.",
            "",
            "In the order its PDS reports them (com.atproto.sync.listBlobs)."})
final class ListBlobsCommand extends AccountCommand {
    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        ResolvedIdentity id = Idents.account(net.resolver(err), ident);
        net.sync(err).forEachBlob(id.requirePds(), id.did(), Optional.empty(), cid -> out.println(cid));
        out.flush();
        return ExitCode.OK;
    }
}
