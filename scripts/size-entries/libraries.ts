// Size floor, part 1: the libraries the widget uses, as the widget imports them, and nothing of Parley.
import { io } from 'socket.io-client';
import { css, html, LitElement, nothing, svg } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { clear, createStore, delMany, promisifyRequest, setMany } from 'idb-keyval';

// Kept reachable so that the bundler keeps them, as the widget's own uses do.
Object.assign(globalThis, {
  parleySizeFloor: [io, css, html, LitElement, nothing, svg, repeat, clear, createStore, delMany, promisifyRequest, setMany],
});
