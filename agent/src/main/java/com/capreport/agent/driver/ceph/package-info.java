/**
 * The {@code ceph} driver: every RADOS pool from the {@code ceph} CLI's JSON, with redundancy,
 * failure domain, compression, quota and health discovered from the cluster's own maps.
 */
package com.capreport.agent.driver.ceph;
