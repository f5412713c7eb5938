"""evaltools nieuwe-ronde and evaltools template: a new round and the forms to send."""
