// Bundle-size entry: raw axios with axios-retry, the do-it-yourself alternative.
import axios from "axios";
import axiosRetry from "axios-retry";

export async function main(url: string, token: string): Promise<unknown> {
  const client = axios.create({ baseURL: `${url}/api/v4`, headers: { "PRIVATE-TOKEN": token } });
  axiosRetry(client, { retries: 3, retryDelay: axiosRetry.exponentialDelay });
  return (await client.get("/projects/1")).data;
}
