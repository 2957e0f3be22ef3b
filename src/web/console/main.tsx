// Entry point of the agent console bundle.
import { render } from "preact";
import { App } from "./app/app.tsx";
import "./styles/console.css";

render(<App />, document.getElementById("app")!);
