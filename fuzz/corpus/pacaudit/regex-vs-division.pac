var re = /[/]`let x/; var t = a / b; // `
function FindProxyForURL(u, h) { return "DIRECT"; }
