import { Hono } from "hono";
import { raw, html } from "hono/html";
import temml from "temml";
const Svg = () => <svg viewBox="0 0 10 10" role="img" aria-labelledby="t"><title id="t">x</title><path d="M0 0" stroke-width="2" strokeLinecap="round" fill="none" /></svg>;
const P = (p: { t: string }) => <p class="a" data-x={p.t}>{p.t}{raw("<b>ok</b>")}<Svg /></p>;
const h = new Hono();
h.get("/", (c) => c.html(html`<!DOCTYPE html>${<P t={`<script>"'&`} />}`));
const r = await h.request("/");
console.log(r.headers.get("content-type"), await r.text());
