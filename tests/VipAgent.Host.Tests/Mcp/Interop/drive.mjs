// Drives VipAgent's MCP server with the official TypeScript SDK client: list tools, plan, approve, submit,
// poll to completion, verify. Usage: node drive.mjs stdio VIP DATA_DIR GOAL FILE | node drive.mjs http URL KEY GOAL FILE
// Prints one JSON line with what it saw; exits 1 on any tool error.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [mode, target, secret, goal, file] = process.argv.slice(2);
const transport = mode === "stdio"
  ? new StdioClientTransport({ command: target, args: ["mcp", "--data-dir", secret], env: { ...process.env }, stderr: "inherit" })
  : new StreamableHTTPClientTransport(new URL(target), { requestInit: { headers: { Authorization: `Bearer ${secret}` } } });
const client = new Client({ name: "vipagent-interop", version: "1.0.0" });
await client.connect(transport);

async function call(name, args) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) {
    throw new Error(`${name}: ${result.content?.map(c => c.text).join(" ")}`);
  }
  return result.structuredContent;
}

try {
  const tools = (await client.listTools()).tools.map(t => t.name);
  const plan = await call("plan_experiment", { goal, files: [file], backends: ["local"] });
  if (plan.outcome !== "plan") {
    throw new Error(`plan_experiment answered ${plan.outcome}: ${JSON.stringify(plan)}`);
  }
  const approved = await call("approve_plan", { planId: plan.planId });
  const submitted = await call("submit_plan", { planId: plan.planId });
  let execution = submitted;
  for (let i = 0; i < 600 && !execution.finished; i++) {
    await new Promise(resolve => setTimeout(resolve, 200));
    execution = await call("get_execution", { executionId: plan.planId });
  }
  const results = await call("get_results", { executionId: plan.planId });
  const verified = await call("verify_execution", { executionId: plan.planId });
  console.log(JSON.stringify({
    tools, planId: plan.planId, application: plan.application, approved: approved.status, submitted: submitted.status,
    status: execution.status, outputs: results.files.length, clean: verified.clean,
  }));
} finally {
  await client.close();
}
