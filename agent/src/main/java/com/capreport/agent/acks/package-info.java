/** Acknowledgements under {@code {prefix}/acks/}: written by admins through the dashboard, read by every reader. */
package com.capreport.agent.acks;
