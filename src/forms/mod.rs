//! DataSchema-driven forms.
