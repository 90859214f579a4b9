//! Probes for orchestrators and load balancers: `GET /healthz` (the process answers) and
//! `GET /readyz` (the database answers and its schema is this binary's).

pub mod handlers;
