/** Docks and their report loops, and the gRPC "discover now" command. */
package com.capreport.dashboard.docks;
