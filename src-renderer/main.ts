import { mount } from "svelte";
import App from "./App.svelte";
import { connect } from "./lib/api/client.js";
import { AppState } from "./lib/state/app.svelte.js";
import "./app.css";

const app = new AppState(connect());
mount(App, { target: document.getElementById("app")!, props: { app } });
void app.init();
