//! A flow's nodes as the editor works on them: read from the engine's
//! `nodes` map, laid out as a list with branches, changed step by step, and
//! checked the way the engine will check them before anything is sent.

use super::node_types::node_type;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use switchboard_schema::{humanize, Schema, ValidationError};

/// The validator's word for a blank required field; the editor's list of
/// problems names the field instead, since it is read away from the form.
const REQUIRED: &str = "This field is required";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlowGraph {
    /// In the engine's key order, which decides the order of several
    /// triggers and of the nodes no trigger reaches.
    nodes: Vec<GraphNode>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GraphNode {
    pub key: String,
    /// "" when missing or not text.
    pub node_type: String,
    /// "" when missing.
    pub name: String,
    /// Empty when missing or not an object.
    pub config: Map<String, Value>,
    pub links: Vec<GraphLink>,
    /// Everything else the node had (description, onError, inputSchema,
    /// unknown fields) kept as it was; the engine's computed fields (state,
    /// errors, isCustomized) are not kept, so an edited node does not carry
    /// a stale state back.
    pub rest: Map<String, Value>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GraphLink {
    pub key: String,
    /// name, filter and unknown fields, kept.
    pub rest: Map<String, Value>,
}

/// Where a node sits in the editor's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub key: String,
    /// 0 for the main chain from the trigger; +1 inside each branch.
    pub depth: usize,
    /// Set on the first node of a branch: the node it branches from and the link's name.
    pub branch_of: Option<(String, Option<String>)>,
    /// Links of this node to nodes already placed earlier (joins), by key, shown as "continues at".
    pub joins: Vec<String>,
    /// No trigger reaches it.
    pub unreached: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// None: about the whole flow.
    pub node: Option<String>,
    /// JSON pointer inside the node's config ("/request/uri"), or None for the node itself.
    pub field: Option<String>,
    /// For a person: "Fill in URI", "This step links back to X, which makes a loop".
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormulaRef {
    pub node_key: String,
    /// "" for the whole output; "email" or "record.id".
    pub path: String,
}

/// The walk behind the layout: nodes in the editor's order, and the links
/// that lead back to a node on the way to them (loops).
struct Walk {
    order: Vec<usize>,
    placed: Vec<Placed>,
    /// By node: the nodes its links lead back to.
    loops: Vec<Vec<usize>>,
    seen: Vec<bool>,
    /// On the way from the current root to the current node.
    on_path: Vec<bool>,
}

impl Walk {
    fn place(
        &mut self,
        graph: &FlowGraph,
        at: usize,
        depth: usize,
        branch_of: Option<(String, Option<String>)>,
        unreached: bool,
    ) -> Frame {
        self.seen[at] = true;
        self.on_path[at] = true;
        self.order.push(at);
        self.placed.push(Placed {
            key: graph.nodes[at].key.clone(),
            depth,
            branch_of,
            joins: Vec::new(),
            unreached,
        });
        Frame {
            node: at,
            out: self.placed.len() - 1,
            next_link: 0,
            depth,
        }
    }
}

/// A step of the depth-first walk: a node whose links are being followed.
struct Frame {
    node: usize,
    /// Its entry in `Walk::placed`.
    out: usize,
    next_link: usize,
    depth: usize,
}

impl GraphLink {
    fn to(key: &str) -> GraphLink {
        GraphLink {
            key: key.to_owned(),
            rest: Map::new(),
        }
    }

    pub fn name(&self) -> Option<&str> {
        self.rest.get("name").and_then(Value::as_str)
    }
}

impl GraphNode {
    fn read(key: &str, value: &Value) -> GraphNode {
        let mut node = GraphNode {
            key: key.to_owned(),
            node_type: String::new(),
            name: String::new(),
            config: Map::new(),
            links: Vec::new(),
            rest: Map::new(),
        };
        let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
        for (field, v) in value.as_object().into_iter().flatten() {
            match (field.as_str(), v) {
                ("type", _) => node.node_type = text(v),
                ("name", _) => node.name = text(v),
                ("config", Value::Object(config)) => node.config = config.clone(),
                // A link without a key leads nowhere; the engine refuses it.
                ("links", Value::Array(links)) => {
                    node.links = links.iter().filter_map(read_link).collect()
                }
                ("config" | "links" | "state" | "errors" | "isCustomized", _) => {}
                _ => {
                    node.rest.insert(field.clone(), v.clone());
                }
            }
        }
        node
    }

    fn to_value(&self) -> Value {
        let mut out = Map::new();
        if !self.node_type.is_empty() {
            out.insert("type".into(), self.node_type.clone().into());
        }
        if !self.name.is_empty() {
            out.insert("name".into(), self.name.clone().into());
        }
        out.extend(self.rest.clone());
        if !self.config.is_empty() {
            out.insert("config".into(), Value::Object(self.config.clone()));
        }
        if !self.links.is_empty() {
            let links = self.links.iter().map(|link| {
                let mut out = Map::new();
                out.insert("key".into(), link.key.clone().into());
                out.extend(link.rest.clone());
                Value::Object(out)
            });
            out.insert("links".into(), Value::Array(links.collect()));
        }
        Value::Object(out)
    }

    /// The table says so, or the type is named like one (a trigger type
    /// newer than the console).
    pub fn is_trigger(&self) -> bool {
        node_type(&self.node_type).is_some_and(|t| t.trigger)
            || self.node_type.ends_with("-trigger")
    }

    /// Its name, else its type's title, else its key.
    pub fn title(&self) -> String {
        let name = self.name.trim();
        if !name.is_empty() {
            return name.to_owned();
        }
        node_type(&self.node_type).map_or_else(|| self.key.clone(), |t| t.title.clone())
    }

    fn links_to(&self, key: &str) -> bool {
        self.links.iter().any(|l| l.key == key)
    }
}

fn read_link(value: &Value) -> Option<GraphLink> {
    let link = value.as_object()?;
    let key = link.get("key")?.as_str()?.to_owned();
    let rest = link
        .iter()
        .filter(|(field, _)| *field != "key")
        .map(|(field, v)| (field.clone(), v.clone()))
        .collect();
    Some(GraphLink { key, rest })
}

impl FlowGraph {
    /// Lenient: a node that is not an object becomes a node with no type,
    /// which `validate` reports, rather than losing the whole flow.
    pub fn from_nodes(nodes: &Map<String, Value>) -> FlowGraph {
        FlowGraph {
            nodes: nodes.iter().map(|(k, v)| GraphNode::read(k, v)).collect(),
        }
    }

    /// Back to the engine's map, without empty `config` and `links`.
    pub fn to_nodes(&self) -> Map<String, Value> {
        self.nodes
            .iter()
            .map(|n| (n.key.clone(), n.to_value()))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn node(&self, key: &str) -> Option<&GraphNode> {
        self.nodes.iter().find(|n| n.key == key)
    }

    pub fn node_mut(&mut self, key: &str) -> Option<&mut GraphNode> {
        self.nodes.iter_mut().find(|n| n.key == key)
    }

    pub fn keys(&self) -> Vec<String> {
        self.nodes.iter().map(|n| n.key.clone()).collect()
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.key == key)
    }

    /// Built per call rather than kept: `node_mut` may change a key.
    fn index(&self) -> HashMap<&str, usize> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.key.as_str(), i))
            .collect()
    }

    /// Which nodes some node links to.
    fn linked(&self, index: &HashMap<&str, usize>) -> Vec<bool> {
        let mut linked = vec![false; self.nodes.len()];
        for link in self.nodes.iter().flat_map(|n| &n.links) {
            if let Some(&at) = index.get(link.key.as_str()) {
                linked[at] = true;
            }
        }
        linked
    }

    /// The editor's order: the trigger(s) first, then along links depth-first
    /// in link order; a node with several links, or a filter, shows its links
    /// as branches (depth+1, `branch_of` set); a link to a node already placed
    /// is a join; then the nodes no trigger reaches (`unreached`, from depth 0).
    /// A linear chain stays at one depth.
    pub fn layout(&self) -> Vec<Placed> {
        self.walk(&self.index()).placed
    }

    /// Depth-first with an explicit stack, so a long chain cannot overflow
    /// the wasm stack; each node and link is visited once.
    fn walk(&self, index: &HashMap<&str, usize>) -> Walk {
        let count = self.nodes.len();
        let mut walk = Walk {
            order: Vec::with_capacity(count),
            placed: Vec::with_capacity(count),
            loops: vec![Vec::new(); count],
            seen: vec![false; count],
            on_path: vec![false; count],
        };
        let linked = self.linked(index);
        // Unreached chains start at their head, not midway; what is left
        // after the heads sits in a loop nothing leads into.
        let roots = (0..count)
            .filter(|&i| self.nodes[i].is_trigger())
            .map(|i| (i, false))
            .chain((0..count).filter(|&i| !linked[i]).map(|i| (i, true)))
            .chain((0..count).map(|i| (i, true)));
        let mut stack: Vec<Frame> = Vec::new();
        for (root, unreached) in roots {
            if walk.seen[root] {
                continue;
            }
            stack.push(walk.place(self, root, 0, None, unreached));
            while let Some(frame) = stack.last_mut() {
                let node = &self.nodes[frame.node];
                let Some(link) = node.links.get(frame.next_link) else {
                    walk.on_path[frame.node] = false;
                    stack.pop();
                    continue;
                };
                frame.next_link += 1;
                // A link to a missing node is shown by `validate`, not placed.
                let Some(&target) = index.get(link.key.as_str()) else {
                    continue;
                };
                if walk.on_path[target] {
                    walk.loops[frame.node].push(target);
                }
                if walk.seen[target] {
                    let joins = &mut walk.placed[frame.out].joins;
                    if !joins.contains(&link.key) {
                        joins.push(link.key.clone());
                    }
                    continue;
                }
                let branches = node.links.len() > 1 || node.node_type == "filter";
                let (depth, branch_of) = if branches {
                    let name = link.name().map(str::to_owned);
                    (frame.depth + 1, Some((node.key.clone(), name)))
                } else {
                    (frame.depth, None)
                };
                let next = walk.place(self, target, depth, branch_of, unreached);
                stack.push(next);
            }
        }
        walk
    }

    /// A fresh key: the type's word ("transform", "request"), then -2, -3 …
    /// when taken.
    pub fn new_key(&self, node_type: &str) -> String {
        let word = match super::node_type(node_type) {
            Some(t) if !t.word.is_empty() => t.word.clone(),
            // A type the console does not know: its name, kept to [a-z0-9-].
            _ => {
                let slug = node_type
                    .to_ascii_lowercase()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), " ");
                let words: Vec<&str> = slug.split_whitespace().collect();
                if words.is_empty() {
                    "step".to_owned()
                } else {
                    words.join("-")
                }
            }
        };
        let taken: HashSet<&str> = self.nodes.iter().map(|n| n.key.as_str()).collect();
        let mut key = word.clone();
        let mut n = 1;
        while taken.contains(key.as_str()) {
            n += 1;
            key = format!("{word}-{n}");
        }
        key
    }

    /// Adds a node of `node_type` after `after`, which hands it its links
    /// (A→C becomes A→new→C). With no `after` the node starts the flow and
    /// links to the nodes nothing led to (creating a flow); an `after` that
    /// is not in the flow adds the node unlinked at the end. Returns its key.
    pub fn add_after(&mut self, after: Option<&str>, node_type: &str) -> String {
        let key = self.new_key(node_type);
        let mut node = GraphNode {
            key: key.clone(),
            node_type: node_type.to_owned(),
            name: String::new(),
            config: super::node_type(node_type)
                .map(|t| t.default_config())
                .unwrap_or_default(),
            links: Vec::new(),
            rest: Map::new(),
        };
        let at = match (after, after.and_then(|a| self.position(a))) {
            (_, Some(at)) => {
                node.links =
                    std::mem::replace(&mut self.nodes[at].links, vec![GraphLink::to(&key)]);
                at + 1
            }
            (None, None) => {
                let linked = self.linked(&self.index());
                node.links = self
                    .nodes
                    .iter()
                    .zip(linked)
                    .filter(|(n, linked)| !linked && !n.is_trigger())
                    .map(|(n, _)| GraphLink::to(&n.key))
                    .collect();
                0
            }
            (Some(_), None) => self.nodes.len(),
        };
        self.nodes.insert(at, node);
        key
    }

    /// Removes a node and joins what it joined: each link to it becomes its
    /// own links (keeping the incoming link's name and filter where the
    /// outgoing one has none), with no duplicates and no self-links.
    pub fn remove(&mut self, key: &str) -> Option<GraphNode> {
        let removed = self.nodes.remove(self.position(key)?);
        for node in self.nodes.iter_mut().filter(|n| n.links_to(key)) {
            let old = std::mem::take(&mut node.links);
            for link in &old {
                if link.key != key {
                    node.links.push(link.clone());
                    continue;
                }
                for next in &removed.links {
                    let taken = next.key == key
                        || next.key == node.key
                        || old.iter().chain(&node.links).any(|l| l.key == next.key);
                    if !taken {
                        let mut rest = link.rest.clone();
                        rest.extend(next.rest.clone());
                        node.links.push(GraphLink {
                            key: next.key.clone(),
                            rest,
                        });
                    }
                }
            }
        }
        Some(removed)
    }

    /// The node before `key` in a chain, when the two can swap: it alone
    /// links to `key`, it links nowhere else, neither is a trigger, and `key`
    /// does not link back to either.
    fn swappable(&self, key: &str) -> Option<(usize, usize)> {
        let at = self.position(key)?;
        let mut before = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.links_to(key));
        let (prev, node) = before.next()?;
        let current = &self.nodes[at];
        let ok = before.next().is_none()
            && node.links.len() == 1
            && !node.is_trigger()
            && !current.is_trigger()
            && !current.links_to(key)
            && !current.links_to(&node.key);
        ok.then_some((prev, at))
    }

    /// The node's only successor.
    fn next_of(&self, key: &str) -> Option<&str> {
        match self.node(key)?.links.as_slice() {
            [only] => Some(only.key.as_str()),
            _ => None,
        }
    }

    /// How many triggers the flow has.
    pub fn trigger_count(&self) -> usize {
        self.nodes.iter().filter(|n| n.is_trigger()).count()
    }

    pub fn can_move_up(&self, key: &str) -> bool {
        self.swappable(key).is_some()
    }

    /// Swaps the node with the one before it: P→A→B→C becomes P→B→A→C.
    pub fn move_up(&mut self, key: &str) -> bool {
        let Some((prev, at)) = self.swappable(key) else {
            return false;
        };
        let prev_key = self.nodes[prev].key.clone();
        for link in self.nodes.iter_mut().flat_map(|n| &mut n.links) {
            if link.key == prev_key {
                link.key = key.to_owned();
            }
        }
        // The link between the two keeps its name and filter, now from B to A.
        let own = std::mem::take(&mut self.nodes[at].links);
        let mut between = std::mem::replace(&mut self.nodes[prev].links, own);
        for link in &mut between {
            link.key = prev_key.clone();
        }
        self.nodes[at].links = between;
        true
    }

    pub fn can_move_down(&self, key: &str) -> bool {
        self.next_of(key).is_some_and(|next| self.can_move_up(next))
    }

    pub fn move_down(&mut self, key: &str) -> bool {
        match self.next_of(key).map(str::to_owned) {
            Some(next) => self.move_up(&next),
            None => false,
        }
    }

    /// Nodes whose output `key` can use: every node from which `key` is
    /// reachable, in layout order, not `key` itself.
    pub fn earlier(&self, key: &str) -> Vec<String> {
        let index = self.index();
        let Some(&target) = index.get(key) else {
            return Vec::new();
        };
        let mut into: Vec<Vec<usize>> = vec![Vec::new(); self.nodes.len()];
        for (from, node) in self.nodes.iter().enumerate() {
            for link in &node.links {
                if let Some(&to) = index.get(link.key.as_str()) {
                    into[to].push(from);
                }
            }
        }
        let mut before = vec![false; self.nodes.len()];
        let mut stack = vec![target];
        while let Some(at) = stack.pop() {
            for &from in &into[at] {
                if !before[from] {
                    before[from] = true;
                    stack.push(from);
                }
            }
        }
        // In a loop the node reaches itself.
        before[target] = false;
        let order = self.walk(&index).order;
        order
            .into_iter()
            .filter(|&i| before[i])
            .map(|i| self.nodes[i].key.clone())
            .collect()
    }

    /// Every problem, in the editor's order; nothing should be sent until
    /// there is none. The engine's rules (triggers, links, loops) plus each
    /// node's config against its type's schema (formulas count as filled).
    /// `one_trigger`: a customer-level flow has exactly one; flows deployed
    /// from an integration may have several.
    pub fn validate(&self, one_trigger: bool) -> Vec<Problem> {
        let index = self.index();
        let walk = self.walk(&index);
        let mut problems = Vec::new();
        let first_trigger = self.nodes.iter().position(GraphNode::is_trigger);
        if first_trigger.is_none() {
            problems.push(Problem {
                node: None,
                field: None,
                message: "A flow starts with a trigger".into(),
            });
        }
        let mut schemas: HashMap<&str, Schema> = HashMap::new();
        for &at in &walk.order {
            let node = &self.nodes[at];
            let mut say = |field: Option<String>, message: String| {
                problems.push(Problem {
                    node: Some(node.key.clone()),
                    field,
                    message,
                })
            };
            if let Some(first) =
                first_trigger.filter(|&f| one_trigger && f != at && node.is_trigger())
            {
                say(
                    None,
                    format!(
                        "A flow starts at one trigger, and {} is already its trigger",
                        self.nodes[first].title()
                    ),
                );
            }
            for link in &node.links {
                match index.get(link.key.as_str()).map(|&i| &self.nodes[i]) {
                    None => say(
                        None,
                        format!("This step links to {}, which is not in this flow", link.key),
                    ),
                    Some(target) if target.is_trigger() => say(
                        None,
                        format!(
                            "This step links to {}, a trigger: a flow only starts at a trigger",
                            target.title()
                        ),
                    ),
                    Some(_) => {}
                }
            }
            for &target in &walk.loops[at] {
                say(
                    None,
                    format!(
                        "This step links back to {}, which makes a loop",
                        self.nodes[target].title()
                    ),
                );
            }
            let Some(known) = node_type(&node.node_type) else {
                let message = if node.node_type.is_empty() {
                    "Choose what this step does".to_owned()
                } else {
                    format!(
                        "Unknown step type \"{}\": the engine cannot run it",
                        node.node_type
                    )
                };
                say(None, message);
                continue;
            };
            let schema = schemas
                .entry(known.key.as_str())
                .or_insert_with(|| switchboard_schema::parse(&known.config));
            for error in schema.validate(&Value::Object(node.config.clone())) {
                let field = (!error.pointer.is_empty()).then(|| error.pointer.clone());
                say(field, field_message(schema, error));
            }
        }
        problems
    }

    /// A formula for a person: "Output of <title>" or "<path> of <title>";
    /// None when it is not a `$.input.<key>` formula.
    pub fn describe_formula(&self, value: &Value) -> Option<String> {
        let formula = formula_ref(value)?;
        let title = self
            .node(&formula.node_key)
            .map_or_else(|| formula.node_key.clone(), GraphNode::title);
        Some(if formula.path.is_empty() {
            format!("Output of {title}")
        } else {
            format!("{} of {title}", formula.path)
        })
    }
}

/// The validator's message, with a blank required field named by its label.
fn field_message(schema: &Schema, error: ValidationError) -> String {
    if error.message != REQUIRED {
        return error.message;
    }
    let mut node = schema.root();
    let mut label = None;
    for segment in error.pointer.split('/').skip(1) {
        let key = segment.replace("~1", "/").replace("~0", "~");
        match node.property(&key) {
            Some(property) => {
                label = Some(property.label());
                node = &property.node;
            }
            None => {
                label = Some(humanize(&key));
                break;
            }
        }
    }
    label.map_or(error.message, |label| format!("Fill in {label}"))
}

/// `{"$var": "$.input.<key>"}`, or `"$.input.<key>.<path>"` with a path.
pub fn formula_for(node_key: &str, path: &str) -> Value {
    let at = if path.is_empty() {
        format!("$.input.{node_key}")
    } else {
        format!("$.input.{node_key}.{path}")
    };
    let mut formula = Map::new();
    formula.insert("$var".into(), Value::String(at));
    Value::Object(formula)
}

/// The node and path a `{"$var": "$.input.<key>[.<path>]"}` formula reads.
pub fn formula_ref(value: &Value) -> Option<FormulaRef> {
    let formula = value.as_object().filter(|f| f.len() == 1)?;
    let at = formula.get("$var")?.as_str()?.strip_prefix("$.input.")?;
    let (node_key, path) = at.split_once('.').unwrap_or((at, ""));
    (!node_key.is_empty()).then(|| FormulaRef {
        node_key: node_key.to_owned(),
        path: path.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn graph(nodes: Value) -> FlowGraph {
        FlowGraph::from_nodes(nodes.as_object().expect("a map of nodes"))
    }

    /// Key and depth of each placed node, in order.
    fn rows(g: &FlowGraph) -> Vec<(String, usize)> {
        g.layout().into_iter().map(|p| (p.key, p.depth)).collect()
    }

    fn row(key: &str, depth: usize) -> (String, usize) {
        (key.to_owned(), depth)
    }

    fn links(g: &FlowGraph, key: &str) -> Vec<String> {
        let node = g.node(key).expect("the node");
        node.links.iter().map(|l| l.key.clone()).collect()
    }

    /// Each problem as "<node><field>: <message>" ("flow" for the whole flow).
    fn messages(problems: &[Problem]) -> Vec<String> {
        problems
            .iter()
            .map(|p| {
                let node = p.node.as_deref().unwrap_or("flow");
                let field = p.field.as_deref().unwrap_or_default();
                format!("{node}{field}: {}", p.message)
            })
            .collect()
    }

    /// The demo's "Create contacts" flow.
    fn create_contacts() -> Value {
        json!({
            "start": {"type": "api-trigger", "name": "Contact received", "links": [{"key": "transform"}],
                "inputSchema": {"type": "object", "properties": {"email": {"type": "string"}}}},
            "transform": {"type": "transform-data", "links": [{"key": "create"}],
                "config": {"output": {"email": {"$var": "$.input.start.email"}}}},
            "create": {"type": "create-data-record", "onError": "stop",
                "config": {"dataSource": {"collectionKey": "contacts"},
                    "fieldMapping": {"defaultValue": {"$var": "$.input.transform"}}}}
        })
    }

    /// A chain a→b→c→… of steps after an API trigger `t`.
    fn chain(keys: &[&str]) -> FlowGraph {
        let mut nodes = Map::new();
        let mut all = vec!["t"];
        all.extend(keys);
        for (i, key) in all.iter().enumerate() {
            let node_type = if i == 0 {
                "api-trigger"
            } else {
                "run-javascript"
            };
            let mut node = json!({"type": node_type, "config": {"code": "1"}});
            if let Some(next) = all.get(i + 1) {
                node["links"] = json!([{"key": next}]);
            }
            nodes.insert((*key).to_owned(), node);
        }
        FlowGraph::from_nodes(&nodes)
    }

    #[test]
    fn nodes_round_trip_with_unknown_fields_and_without_computed_ones() {
        let mut sent = create_contacts();
        sent["create"]["future"] = json!({"x": 1});
        sent["transform"]["links"][0]["name"] = json!("next");
        sent["transform"]["links"][0]["filter"] = json!({"$eq": [1, 1]});
        sent["create"]["description"] = json!("Creates the contact");
        let mut read = sent.clone();
        read["create"]["state"] = json!("READY");
        read["create"]["errors"] = json!([{"message": "m"}]);
        read["create"]["isCustomized"] = json!(true);
        let g = graph(read);
        let create = g.node("create").expect("create");
        assert_eq!(create.rest.get("onError"), Some(&json!("stop")));
        assert!(!create.rest.contains_key("state"));
        let transform = g.node("transform").expect("transform");
        assert_eq!(transform.links[0].name(), Some("next"));
        assert_eq!(Value::Object(g.to_nodes()), sent);
        assert_eq!(
            g.keys(),
            ["start", "transform", "create"],
            "the engine's order"
        );
        assert_eq!((g.len(), g.is_empty()), (3, false));
        assert!(FlowGraph::default().is_empty());
    }

    #[test]
    fn odd_nodes_are_read_with_what_they_have() {
        let g = graph(json!({
            "seven": 7,
            "odd": {"type": 5, "name": ["x"], "config": "no", "links": [5, {"key": 5}, {"key": "seven"}]},
            "bare": {"links": "x"}
        }));
        let seven = g.node("seven").expect("seven");
        assert_eq!(
            (seven.node_type.as_str(), seven.title()),
            ("", "seven".to_owned())
        );
        let odd = g.node("odd").expect("odd");
        assert_eq!((odd.node_type.as_str(), odd.name.as_str()), ("", ""));
        assert!(odd.config.is_empty());
        assert_eq!(
            links(&g, "odd"),
            ["seven"],
            "links without a key are dropped"
        );
        assert_eq!(
            Value::Object(g.to_nodes()),
            json!({"seven": {}, "odd": {"links": [{"key": "seven"}]}, "bare": {}})
        );
    }

    #[test]
    fn titles_fall_back_to_the_type_then_the_key() {
        let g = graph(create_contacts());
        let title = |key: &str| g.node(key).map(GraphNode::title);
        assert_eq!(title("start").as_deref(), Some("Contact received"));
        assert_eq!(title("transform").as_deref(), Some("Transform data"));
        let mut g = g;
        if let Some(node) = g.node_mut("transform") {
            node.node_type = "brand-new".into();
        }
        assert_eq!(
            g.node("transform").map(GraphNode::title).as_deref(),
            Some("transform")
        );
        assert!(g.node("start").is_some_and(GraphNode::is_trigger));
        let newer = graph(json!({"x": {"type": "webhook-trigger"}}));
        assert!(
            newer.node("x").is_some_and(GraphNode::is_trigger),
            "named like a trigger"
        );
    }

    #[test]
    fn a_linear_chain_stays_at_one_depth() {
        let g = graph(create_contacts());
        assert_eq!(
            rows(&g),
            [row("start", 0), row("transform", 0), row("create", 0)]
        );
        let layout = g.layout();
        assert!(layout
            .iter()
            .all(|p| p.branch_of.is_none() && p.joins.is_empty() && !p.unreached));
    }

    #[test]
    fn two_triggers_into_one_chain() {
        let g = graph(json!({
            "find": {"type": "find-data-record-by-id", "links": [{"key": "send"}]},
            "send": {"type": "api-request-to-your-app"},
            "created": {"type": "data-record-created-trigger", "links": [{"key": "find"}]},
            "updated": {"type": "data-record-updated-trigger", "links": [{"key": "find"}]}
        }));
        assert_eq!(g.trigger_count(), 2);
        let layout = g.layout();
        assert_eq!(
            rows(&g),
            [
                row("created", 0),
                row("find", 0),
                row("send", 0),
                row("updated", 0)
            ]
        );
        assert_eq!(layout[3].joins, ["find"]);
        assert!(layout.iter().all(|p| !p.unreached));
    }

    #[test]
    fn a_node_with_two_links_shows_two_branches() {
        let g = graph(json!({
            "t": {"type": "api-trigger", "links": [{"key": "split"}]},
            "split": {"type": "transform-data", "links": [{"key": "a", "name": "small"}, {"key": "b"}]},
            "a": {"type": "transform-data", "links": [{"key": "a2"}]},
            "a2": {"type": "transform-data"},
            "b": {"type": "transform-data"}
        }));
        let layout = g.layout();
        assert_eq!(
            rows(&g),
            [
                row("t", 0),
                row("split", 0),
                row("a", 1),
                row("a2", 1),
                row("b", 1)
            ]
        );
        assert_eq!(
            layout[2].branch_of,
            Some(("split".into(), Some("small".into())))
        );
        assert_eq!(layout[3].branch_of, None);
        assert_eq!(layout[4].branch_of, Some(("split".into(), None)));
    }

    #[test]
    fn a_filter_shows_its_link_as_a_branch() {
        let g = graph(json!({
            "event": {"type": "app-event-trigger", "links": [{"key": "filter"}]},
            "filter": {"type": "filter", "links": [{"key": "post", "name": "over 1000"}]},
            "post": {"type": "api-request-to-external-app", "links": [{"key": "after"}]},
            "after": {"type": "transform-data"}
        }));
        let layout = g.layout();
        assert_eq!(
            rows(&g),
            [
                row("event", 0),
                row("filter", 0),
                row("post", 1),
                row("after", 1)
            ]
        );
        assert_eq!(
            layout[2].branch_of,
            Some(("filter".into(), Some("over 1000".into())))
        );
    }

    #[test]
    fn a_link_to_a_node_placed_earlier_is_a_join() {
        let g = graph(json!({
            "t": {"type": "api-trigger", "links": [{"key": "split"}]},
            "split": {"type": "transform-data", "links": [{"key": "a"}, {"key": "b"}]},
            "a": {"type": "transform-data", "links": [{"key": "end"}]},
            "b": {"type": "transform-data", "links": [{"key": "end"}]},
            "end": {"type": "transform-data"}
        }));
        let layout = g.layout();
        assert_eq!(
            rows(&g),
            [
                row("t", 0),
                row("split", 0),
                row("a", 1),
                row("end", 1),
                row("b", 1)
            ]
        );
        assert_eq!(layout[4].joins, ["end"]);
        assert!(layout[2].joins.is_empty());
    }

    #[test]
    fn nodes_no_trigger_reaches_come_last_from_their_head() {
        let g = graph(json!({
            "tail": {"type": "transform-data"},
            "t": {"type": "api-trigger", "links": [{"key": "a"}]},
            "a": {"type": "transform-data"},
            "head": {"type": "transform-data", "links": [{"key": "tail"}]},
            "loop1": {"type": "transform-data", "links": [{"key": "loop2"}]},
            "loop2": {"type": "transform-data", "links": [{"key": "loop1"}]}
        }));
        let layout = g.layout();
        let keys: Vec<&str> = layout.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["t", "a", "head", "tail", "loop1", "loop2"]);
        let unreached: Vec<bool> = layout.iter().map(|p| p.unreached).collect();
        assert_eq!(unreached, [false, false, true, true, true, true]);
        assert!(layout.iter().all(|p| p.depth == 0));
        assert_eq!(layout[5].joins, ["loop1"]);
    }

    #[test]
    fn a_thousand_node_chain_is_one_column() {
        // No timing here (timings go in the bench); the walk keeps no list it
        // searches, so this stays instant, and its explicit stack means no
        // recursion as deep as the chain.
        let keys: Vec<String> = (0..1000).map(|i| format!("n{i}")).collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let g = chain(&refs);
        let layout = g.layout();
        assert_eq!(layout.len(), 1001);
        assert!(layout.iter().all(|p| p.depth == 0 && !p.unreached));
        assert_eq!(layout[1000].key, "n999");
        assert_eq!(g.validate(true), []);
        assert_eq!(g.earlier("n999").len(), 1000);
    }

    #[test]
    fn new_keys_use_the_type_word_then_a_number() {
        let g = graph(create_contacts());
        assert_eq!(g.new_key("transform-data"), "transform-2");
        assert_eq!(g.new_key("filter"), "filter");
        assert_eq!(g.new_key("custom-http-request"), "request");
        assert_eq!(g.new_key("api-trigger"), "start-2");
        assert_eq!(g.new_key("My Step_type!"), "my-step-type");
        assert_eq!(g.new_key("??"), "step");
        let mut g = g;
        g.add_after(Some("transform"), "transform-data");
        assert_eq!(g.new_key("transform-data"), "transform-3");
    }

    #[test]
    fn adding_in_the_middle_takes_over_the_links() {
        let mut g = graph(create_contacts());
        let key = g.add_after(Some("transform"), "api-request-to-your-app");
        assert_eq!(key, "request");
        assert_eq!(links(&g, "transform"), ["request"]);
        assert_eq!(links(&g, "request"), ["create"]);
        assert_eq!(g.keys(), ["start", "transform", "request", "create"]);
        let node = g.node("request").expect("the new node");
        assert_eq!(node.name, "");
        assert_eq!(node.title(), "API request to your app");
        assert_eq!(
            Value::Object(node.config.clone()),
            json!({"request": {"method": "GET"}})
        );
    }

    #[test]
    fn adding_at_the_end_and_after_a_branching_node() {
        let mut g = graph(create_contacts());
        let key = g.add_after(Some("create"), "filter");
        assert_eq!(links(&g, "create"), ["filter"]);
        assert!(links(&g, &key).is_empty());
        let mut g = graph(json!({
            "t": {"type": "api-trigger", "links": [{"key": "a", "name": "x"}, {"key": "b"}]},
            "a": {"type": "transform-data"}, "b": {"type": "transform-data"}
        }));
        let key = g.add_after(Some("t"), "transform-data");
        assert_eq!(links(&g, "t"), [key.as_str()]);
        assert_eq!(links(&g, &key), ["a", "b"]);
        assert_eq!(g.node(&key).and_then(|n| n.links[0].name()), Some("x"));
        let key = g.add_after(Some("missing"), "transform-data");
        assert_eq!(g.keys().last(), Some(&key), "unlinked at the end");
    }

    #[test]
    fn adding_a_trigger_starts_the_flow() {
        let mut g = FlowGraph::default();
        let start = g.add_after(None, "api-trigger");
        assert_eq!(start, "start");
        let step = g.add_after(Some(&start), "transform-data");
        assert_eq!(rows(&g), [row("start", 0), row(&step, 0)]);
        let mut g = graph(json!({
            "a": {"type": "run-javascript", "config": {"code": "1"}, "links": [{"key": "b"}]},
            "b": {"type": "run-javascript", "config": {"code": "2"}},
            "c": {"type": "run-javascript", "config": {"code": "3"}}
        }));
        let start = g.add_after(None, "schedule-trigger");
        assert_eq!(g.keys()[0], start);
        assert_eq!(links(&g, &start), ["a", "c"], "the nodes nothing led to");
        assert_eq!(g.validate(true), []);
    }

    #[test]
    fn removing_a_node_of_a_chain_joins_its_neighbours() {
        let mut g = graph(create_contacts());
        let removed = g.remove("transform").expect("removed");
        assert_eq!(removed.key, "transform");
        assert_eq!(links(&g, "start"), ["create"]);
        assert_eq!(g.keys(), ["start", "create"]);
        assert!(g.remove("transform").is_none());
    }

    #[test]
    fn removing_a_node_with_two_links_hands_both_on() {
        let mut g = graph(json!({
            "t": {"type": "api-trigger", "links": [{"key": "f", "name": "in"}, {"key": "b"}]},
            "f": {"type": "filter", "links": [{"key": "a", "name": "yes"}, {"key": "b"}, {"key": "t"}, {"key": "f"}]},
            "a": {"type": "transform-data"},
            "b": {"type": "transform-data"}
        }));
        g.remove("f");
        assert_eq!(links(&g, "t"), ["a", "b"], "no duplicate, no self-link");
        let t = g.node("t").expect("t");
        assert_eq!(
            t.links[0].name(),
            Some("yes"),
            "the outgoing link's name wins"
        );
        let mut g = graph(json!({
            "f": {"type": "filter", "links": [{"key": "x", "name": "passed"}]},
            "x": {"type": "transform-data", "links": [{"key": "y"}]},
            "y": {"type": "transform-data"}
        }));
        g.remove("x");
        assert_eq!(g.node("f").and_then(|f| f.links[0].name()), Some("passed"));
        assert_eq!(links(&g, "f"), ["y"]);
    }

    #[test]
    fn removing_the_trigger_leaves_its_chain_unreached() {
        let mut g = graph(create_contacts());
        g.remove("start");
        assert!(g.layout().iter().all(|p| p.unreached));
        let problems = g.validate(true);
        assert_eq!(messages(&problems), ["flow: A flow starts with a trigger"]);
    }

    #[test]
    fn moving_a_step_up_and_down_a_chain() {
        let mut g = chain(&["a", "b", "c"]);
        assert!(g.can_move_up("b"));
        assert!(g.move_up("b"));
        assert_eq!(
            rows(&g),
            [row("t", 0), row("b", 0), row("a", 0), row("c", 0)]
        );
        assert!(g.can_move_down("b"));
        assert!(g.move_down("b"));
        assert_eq!(
            rows(&g),
            [row("t", 0), row("a", 0), row("b", 0), row("c", 0)]
        );
        assert!(
            !g.can_move_down("c") && !g.move_down("c"),
            "nothing after the last"
        );
        let mut named = graph(json!({
            "t": {"type": "api-trigger", "links": [{"key": "a"}]},
            "a": {"type": "transform-data", "links": [{"key": "b", "name": "n"}]},
            "b": {"type": "transform-data", "links": [{"key": "c"}, {"key": "d"}]},
            "c": {"type": "transform-data"}, "d": {"type": "transform-data"}
        }));
        assert!(named.move_up("b"));
        assert_eq!(links(&named, "t"), ["b"]);
        assert_eq!(links(&named, "b"), ["a"]);
        assert_eq!(links(&named, "a"), ["c", "d"]);
        assert_eq!(named.node("b").and_then(|b| b.links[0].name()), Some("n"));
    }

    #[test]
    fn moves_that_would_break_the_flow_are_refused() {
        let g = chain(&["a", "b"]);
        let mut same = g.clone();
        assert!(!g.can_move_up("a"), "the one before is the trigger");
        assert!(!same.move_up("a"));
        assert!(!g.can_move_down("t"), "a trigger stays first");
        assert!(!g.can_move_down("b"), "nothing after the last");
        assert!(!g.can_move_up("missing"));
        assert_eq!(same, g, "refused moves change nothing");
        let joined = graph(json!({
            "t": {"type": "api-trigger", "links": [{"key": "s"}]},
            "s": {"type": "transform-data", "links": [{"key": "a"}, {"key": "b"}]},
            "a": {"type": "transform-data", "links": [{"key": "b"}]},
            "b": {"type": "transform-data"},
            "u": {"type": "transform-data", "links": [{"key": "v"}]},
            "v": {"type": "transform-data", "links": [{"key": "u"}]}
        }));
        assert!(!joined.can_move_up("b"), "two nodes lead to it");
        assert!(!joined.can_move_up("a"), "the one before has two links");
        assert!(!joined.can_move_down("s"));
        assert!(!joined.can_move_up("v"), "it links back");
    }

    #[test]
    fn earlier_lists_what_leads_to_a_node_in_layout_order() {
        let g = graph(json!({
            "t": {"type": "api-trigger", "links": [{"key": "s"}]},
            "s": {"type": "transform-data", "links": [{"key": "a"}, {"key": "b"}]},
            "a": {"type": "transform-data", "links": [{"key": "end"}]},
            "b": {"type": "transform-data", "links": [{"key": "end"}]},
            "end": {"type": "transform-data"},
            "other": {"type": "transform-data"}
        }));
        assert_eq!(g.earlier("end"), ["t", "s", "a", "b"]);
        assert_eq!(g.earlier("b"), ["t", "s"]);
        assert!(g.earlier("t").is_empty());
        assert!(g.earlier("missing").is_empty());
        let looped = graph(json!({
            "a": {"type": "transform-data", "links": [{"key": "b"}]},
            "b": {"type": "transform-data", "links": [{"key": "a"}]}
        }));
        assert_eq!(looped.earlier("a"), ["b"], "not itself");
    }

    #[test]
    fn the_demo_flows_are_valid() {
        assert_eq!(graph(create_contacts()).validate(true), []);
        let notify = graph(json!({
            "event": {"type": "app-event-trigger", "links": [{"key": "filter"}],
                "config": {"appEventKey": "order-placed"}},
            "filter": {"type": "filter", "links": [{"key": "post", "name": "over 1000"}],
                "config": {"condition": {"$gt": [{"$var": "$.input.event.total"}, 1000]}}},
            "post": {"type": "api-request-to-external-app", "onError": "continue",
                "config": {"request": {"method": "POST", "path": "/messages",
                    "body": {"text": {"$var": "$.input.event.summary"}}}}}
        }));
        assert_eq!(notify.validate(true), []);
        let export = graph(json!({
            "schedule": {"type": "schedule-trigger", "links": [{"key": "list"}], "config": {"intervalMinutes": 1440}},
            "list": {"type": "list-data-records", "links": [{"key": "each"}],
                "config": {"dataSource": {"collectionKey": "invoices"}}},
            "each": {"type": "for-each-v2", "links": [{"key": "upload"}]},
            "upload": {"type": "api-request-to-your-app",
                "config": {"fail": true, "request": {"method": "PUT", "uri": "https://app.example/invoices"}}}
        }));
        assert_eq!(export.validate(true), []);
    }

    #[test]
    fn one_trigger_for_the_console_several_for_deployed_flows() {
        let g = graph(json!({
            "created": {"type": "data-record-created-trigger", "name": "Deal created", "links": [{"key": "find"}],
                "config": {"dataSource": {"collectionKey": "deals"}}},
            "updated": {"type": "data-record-updated-trigger", "links": [{"key": "find"}],
                "config": {"dataSource": {"collectionKey": "deals"}}},
            "find": {"type": "find-data-record-by-id", "config": {"id": {"$var": "$.input.created.record.id"}}}
        }));
        assert_eq!(g.validate(false), []);
        let problems = g.validate(true);
        assert_eq!(
            messages(&problems),
            ["updated: A flow starts at one trigger, and Deal created is already its trigger"]
        );
    }

    #[test]
    fn links_to_missing_nodes_and_into_triggers_are_problems() {
        let g = graph(json!({
            "t": {"type": "api-trigger", "links": [{"key": "a"}]},
            "a": {"type": "transform-data", "config": {"output": 1}, "links": [{"key": "gone"}, {"key": "t"}]}
        }));
        let problems = g.validate(true);
        assert_eq!(
            messages(&problems),
            [
                "a: This step links to gone, which is not in this flow",
                "a: This step links to API trigger, a trigger: a flow only starts at a trigger",
                "a: This step links back to API trigger, which makes a loop",
            ]
        );
    }

    #[test]
    fn a_loop_is_reported_on_the_node_that_closes_it() {
        let g = graph(json!({
            "t": {"type": "api-trigger", "links": [{"key": "a"}]},
            "a": {"type": "transform-data", "name": "First", "config": {"output": 1}, "links": [{"key": "b"}]},
            "b": {"type": "transform-data", "config": {"output": 2}, "links": [{"key": "a"}]}
        }));
        assert_eq!(
            messages(&g.validate(true)),
            ["b: This step links back to First, which makes a loop"]
        );
        let itself = graph(json!({
            "t": {"type": "api-trigger", "links": [{"key": "t"}]}
        }));
        assert_eq!(itself.validate(true).len(), 2, "into a trigger, and a loop");
    }

    #[test]
    fn unknown_types_and_missing_settings_are_problems() {
        let g = graph(json!({
            "t": {"type": "api-trigger", "links": [{"key": "new"}]},
            "new": {"type": "brand-new-step", "links": [{"key": "blank"}]},
            "blank": {"links": [{"key": "send"}]},
            "send": {"type": "api-request-to-your-app", "links": [{"key": "wait"}],
                "config": {"request": {"method": "GET"}}},
            "wait": {"type": "schedule-trigger-less", "config": {}}
        }));
        let problems = g.validate(true);
        assert_eq!(
            messages(&problems),
            [
                "new: Unknown step type \"brand-new-step\": the engine cannot run it",
                "blank: Choose what this step does",
                "send/request/uri: Fill in URI",
                "wait: Unknown step type \"schedule-trigger-less\": the engine cannot run it",
            ]
        );
        let g = graph(json!({
            "s": {"type": "schedule-trigger", "config": {"intervalMinutes": 0}, "links": [{"key": "c"}]},
            "c": {"type": "create-data-record"}
        }));
        assert_eq!(
            messages(&g.validate(true)),
            [
                "s/intervalMinutes: Must be 1 or more",
                "c/dataSource: Fill in Collection",
            ]
        );
    }

    #[test]
    fn a_formula_counts_as_filled() {
        let g = graph(json!({
            "t": {"type": "api-trigger", "links": [{"key": "send"}]},
            "send": {"type": "custom-http-request",
                "config": {"request": {"method": {"$var": "$.input.t.method"}, "url": {"$var": "$.input.t.url"}}}}
        }));
        assert_eq!(g.validate(true), []);
        let whole = graph(json!({
            "t": {"type": "api-trigger", "links": [{"key": "send"}]},
            "send": {"type": "custom-http-request", "config": {"request": {"$var": "$.input.t"}}}
        }));
        assert_eq!(whole.validate(true), []);
    }

    #[test]
    fn formulas_name_an_earlier_node_and_a_path() {
        let whole = formula_for("start", "");
        assert_eq!(whole, json!({"$var": "$.input.start"}));
        let field = formula_for("find", "record.id");
        assert_eq!(field, json!({"$var": "$.input.find.record.id"}));
        assert_eq!(
            formula_ref(&field),
            Some(FormulaRef {
                node_key: "find".into(),
                path: "record.id".into()
            })
        );
        assert_eq!(
            formula_ref(&whole),
            Some(FormulaRef {
                node_key: "start".into(),
                path: String::new()
            })
        );
        let g = graph(create_contacts());
        assert_eq!(
            g.describe_formula(&whole).as_deref(),
            Some("Output of Contact received")
        );
        assert_eq!(
            g.describe_formula(&formula_for("transform", "email"))
                .as_deref(),
            Some("email of Transform data")
        );
        assert_eq!(
            g.describe_formula(&formula_for("gone", "")).as_deref(),
            Some("Output of gone"),
            "a node no longer there is named by its key"
        );
    }

    #[test]
    fn other_values_are_not_node_formulas() {
        for value in [
            json!("$.input.start"),
            json!({"$var": "$.variables.x"}),
            json!({"$var": "$.input"}),
            json!({"$var": "$.input."}),
            json!({"$var": 5}),
            json!({"$var": "$.input.a", "other": 1}),
            json!({"$gt": [1, 2]}),
        ] {
            assert_eq!(formula_ref(&value), None, "{value}");
            assert_eq!(
                graph(create_contacts()).describe_formula(&value),
                None,
                "{value}"
            );
        }
    }
}
