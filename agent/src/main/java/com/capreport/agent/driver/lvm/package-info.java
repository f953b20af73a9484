/**
 * The {@code lvm} driver: volume groups, thin pools and VDO pools from lvm2's JSON reports, with
 * provisioning, redundancy and health discovered from {@code vg_attr}, segment types and sub-LVs.
 */
package com.capreport.agent.driver.lvm;
