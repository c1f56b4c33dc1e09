// React Native's own URL (Libraries/Blob/URL.js, Flow without types): what the phone has in place of the standard one.
declare module 'react-native/Libraries/Blob/URL' {
  export const URL: new (url: string, base?: string) => { readonly href: string; toString(): string };
}
