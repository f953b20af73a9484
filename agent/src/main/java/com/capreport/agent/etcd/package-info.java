/**
 * Talking to etcd: building secure clients ({@link com.capreport.agent.etcd.EtcdClients}), reading
 * what the estate looks like for the CLI ({@link com.capreport.agent.etcd.EstateReader}), and a
 * managed private etcd server for the demo and the tests ({@link com.capreport.agent.etcd.ManagedEtcd}).
 */
package com.capreport.agent.etcd;
