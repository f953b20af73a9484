/**
 * The agent's gRPC side: {@link com.capreport.agent.grpc.DockGrpcServer} (start, shutdown, standard
 * health service) and a thin {@link com.capreport.agent.grpc.DockServiceImpl} that maps between the
 * proto messages and the agent's own records.
 */
package com.capreport.agent.grpc;
