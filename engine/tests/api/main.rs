//! End-to-end tests of the engine's HTTP API, in-process.

mod access_token;
mod auth;
mod catalogue;
mod common;
mod connect;
mod connections;
mod customers;
mod faults;
mod flows;
mod instance_kinds;
mod instances;
mod integrations;
mod paging;
mod robustness;
mod seed;
mod server;
mod workspace;
