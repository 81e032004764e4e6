/**
 * ELK (elkjs, 1.6 MB) for the page's small-network layout, loaded on first use: a classic script defining
 * window.ELK, then cytoscape-elk, which reads that global. Large networks never load it.
 */
import cytoscape from 'cytoscape';

let elkLoaded: Promise<void> | undefined;
export function loadElk(): Promise<void> {
  elkLoaded ??= (async () => {
    if (!('ELK' in window)) {
      await new Promise<void>((resolve, reject) => {
        const script = document.createElement('script');
        script.src = './elk.bundled.js';
        script.onload = () => {
          resolve();
        };
        script.onerror = () => {
          reject(new Error('could not load elk.bundled.js'));
        };
        document.head.append(script);
      });
    }
    const { default: elk } = await import('cytoscape-elk');
    cytoscape.use(elk);
  })();
  return elkLoaded;
}
