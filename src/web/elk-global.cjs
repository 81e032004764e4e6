// ELK (elkjs, GWT-compiled, ~1.5 MB) is loaded by a classic <script> as window.ELK instead of being bundled:
// bundling it makes the page build several times slower. cytoscape-elk's require() of elkjs resolves here.
module.exports = globalThis.ELK;
