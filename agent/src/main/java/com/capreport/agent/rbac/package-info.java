/**
 * etcd users and roles for the product's components ({@code capreport admin}): what each component
 * may touch ({@link com.capreport.agent.rbac.Access}: a dock its own prefix, a reader everything read
 * only, a profile admin profiles and acknowledgements), the steps that bring etcd from what it
 * holds to exactly that ({@link com.capreport.agent.rbac.RbacPlan}), applying them with jetcd's
 * Auth client ({@link com.capreport.agent.rbac.RbacAdmin}) and the same steps as {@code etcdctl}
 * lines ({@link com.capreport.agent.rbac.Etcdctl}). One plan feeds both, so the printed recipe
 * and what the command does cannot drift apart. Passwords are read from files when a step runs
 * and are never held in a step, printed or logged.
 */
package com.capreport.agent.rbac;
