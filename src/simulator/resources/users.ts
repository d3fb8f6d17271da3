import { json, messageError, notFound } from "../http/response.js";
import { offsetArray } from "../pagination.js";
import type { Router } from "../router.js";
import { intParam } from "./lookup.js";
import { userBasic, userDetail, userSelf } from "./serialize.js";

export function registerUsers(router: Router): void {
  router.on(
    "GET",
    "/user",
    (ctx) => {
      if (!ctx.user) throw messageError(401, "401 Unauthorized");
      return json(200, userSelf(ctx.user, ctx.externalUrl));
    },
    { auth: true },
  );
  router.on("GET", "/users", (ctx) => {
    const username = ctx.input.string("username")?.toLowerCase();
    const search = ctx.input.string("search")?.toLowerCase();
    const users = [...ctx.state.users.values()]
      .filter((user) => username === undefined || user.username.toLowerCase() === username)
      .filter(
        (user) =>
          !search || `${user.username} ${user.name} ${user.email}`.toLowerCase().includes(search),
      )
      .sort((a, b) => a.id - b.id);
    return offsetArray(ctx, users, (user) => userBasic(user, ctx.externalUrl));
  });
  router.on("GET", "/users/:user_id", (ctx) => {
    const user = ctx.state.users.get(intParam(ctx, "user_id"));
    if (!user) throw notFound("User");
    return json(200, userDetail(user, ctx.externalUrl));
  });
}
