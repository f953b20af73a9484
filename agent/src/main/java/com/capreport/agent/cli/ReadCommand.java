package com.capreport.agent.cli;

import com.capreport.agent.etcd.EstateReader;
import com.capreport.model.Estate;
import picocli.CommandLine.Option;

/** Shared by commands that read the estate from etcd once. */
abstract class ReadCommand extends EtcdCommand {
    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    Estate readEstate() throws InterruptedException {
        return withEtcd((client, c, t) -> EstateReader.read(client, c.layout(), t)
                .withAlarms(com.capreport.agent.etcd.EtcdAlarms.list(client, t)));
    }
}
