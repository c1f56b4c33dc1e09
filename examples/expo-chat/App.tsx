import { StatusBar } from 'expo-status-bar';
import { SafeAreaView } from 'react-native';
import { WebSocketProvider } from 'react-lifeline';
import { Chat } from './src/Chat';
import { network } from './src/network';

// The repository's demo server (npm run demo:server, 127.0.0.1:8787) echoes on /echo; it serves
// loopback only (the web build, the iOS simulator). On a phone, set EXPO_PUBLIC_CHAT_URL to your server.
const CHAT_URL = process.env.EXPO_PUBLIC_CHAT_URL ?? 'ws://127.0.0.1:8787/echo';

export default function App() {
  return (
    <WebSocketProvider network={network} policy={{ maxAttempts: 20 }}>
      <SafeAreaView style={{ flex: 1 }}>
        <Chat url={CHAT_URL} />
      </SafeAreaView>
      <StatusBar style="auto" />
    </WebSocketProvider>
  );
}
