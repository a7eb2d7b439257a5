//! The flow editor's pure logic: the graph of a flow's nodes and the table of
//! node types. No Leptos here, so it is tested on the host.

pub mod graph;
pub mod node_types;

pub use graph::{
    formula_for, formula_ref, FlowGraph, FormulaRef, GraphLink, GraphNode, Placed, Problem,
};
pub use node_types::{node_type, node_types, NodeType};
