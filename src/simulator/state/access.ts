import type { Group, Project, User } from "./model.js";

/** GitLab's visibility rule: public to all, internal to signed-in users, private to members. */
export function canSeeProject(user: User | undefined, project: Project): boolean {
  if (project.visibility === "public") return true;
  if (!user) return false;
  if (project.visibility === "internal") return true;
  return canWriteProject(user, project);
}

/** Administrators, the creator and listed members may write; others only read what they see. */
export function canWriteProject(user: User | undefined, project: Project): boolean {
  if (!user) return false;
  return user.admin || project.creatorId === user.id || project.members.includes(user.id);
}

export function canSeeGroup(user: User | undefined, group: Group): boolean {
  if (group.visibility === "public") return true;
  if (!user) return false;
  return group.visibility === "internal" || user.admin;
}
